export { type Arm, type Comparison, compareArms } from './compare-arms.ts';
export { type CompiledJourney, compileJourney, journeyRules } from './compile-journey.ts';
export type { Action, EndReason, Entry, PathStep, StepInput, StepResult } from './entry.ts';
export { type JourneyResult, journeyFromDocument, journeyToDocument, toPlain } from './journey-document.ts';
export { journeyFromInput } from './journey-input.ts';
export {
  JourneyRunner,
  type JourneyRunnerOptions,
  type JourneyUnit,
  nextWake,
  WAKE_KIND,
} from './journey-runner.ts';
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
export { type PublishPorts, publishJourney, sendsOf } from './publish.ts';
export { type Known, missingReferences } from './references.ts';
export * from './schemas.ts';
export { type Simulation, simulateJourney } from './simulate.ts';
export { journeyStats, statsCsv } from './stats.ts';
export { type StepWorld, stepEntry } from './step.ts';
export { describeTrigger, isTemplateKey, loadTemplate, TEMPLATE_KEYS } from './templates.ts';
export {
  ARM_KIND,
  armJob,
  BROADCAST_KIND,
  DATE_KIND,
  MOVE_KIND,
  moveJob,
  type NodeMoves,
  timerKeys,
} from './trigger-jobs.ts';
export { dryRunView, entryView, journeySummary, journeyView } from './views.ts';
