import type { RuleContext } from '../rules/index.ts';
import type { EngineUnit } from './engine-store.ts';
import type { CustomerRecord, CustomerState, EngineEvent, SegmentChange, StageMove } from './types.ts';

/** What one evaluation of a customer in an engine step changed or saw. */
export type CustomerEffects = {
  readonly customerId: number;
  /** Their profile as the step read it (identifiers and traits). */
  readonly record: CustomerRecord;
  /** The client events of theirs the step folded in, in log order (none for a timer or recompute). */
  readonly events: readonly EngineEvent[];
  /** The stage move the step recorded for them, with its id, or null. */
  readonly move: (StageMove & { readonly id: number }) | null;
  readonly segmentChanges: readonly SegmentChange[];
  /** Their state after the step: stage, segments, features, predictions. */
  readonly state: CustomerState;
  /** The rule context of that state at the step's time, for the reactors' own rules. */
  readonly context: RuleContext;
};

/** What an engine step decided for one workspace's customers, handed to the reactors. */
export type StepEffects = {
  readonly workspaceId: number;
  readonly now: number;
  /** The customers with an event, a move or a segment change in the step; the others are left out. */
  readonly customers: readonly CustomerEffects[];
};

/**
 * A capability that acts on the engine's decisions in the same write unit: journeys enrol the
 * customers a trigger names and schedule their timers, so an enrolment commits with the event, move
 * or segment change that caused it, and a rolled-back step enrols nobody. A reactor that throws rolls
 * the whole step back; the step runs again, and its events count once.
 */
export type EngineReactor<U extends EngineUnit = EngineUnit> = (
  unit: U,
  effects: StepEffects,
) => Promise<void>;
