export { type CompiledJourney, compileJourney, journeyRules } from './compile-journey.ts';
export type { Action, EndReason, Entry, PathStep, StepInput, StepResult } from './entry.ts';
export { type JourneyResult, journeyFromDocument, journeyToDocument, toPlain } from './journey-document.ts';
export type {
  JourneyRecord,
  JourneyStatus,
  JourneyStorage,
  JourneyWritesInUnit,
  NewEntry,
  RunningJourney,
  StoredStep,
} from './journey-storage.ts';
export type { JourneyDefinition, JourneyNode, Trigger } from './model.ts';
export { type StepWorld, stepEntry } from './step.ts';
