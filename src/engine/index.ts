export type {
  CurrentStage,
  EngineAdmin,
  EngineStorage,
  RecomputeStatus,
  StageHistoryEntry,
  StoredModel,
} from './admin-store.ts';
export { contextNow } from './context-now.ts';
export { type DryRunReport, dryRun } from './dry-run.ts';
export {
  type CustomerContext,
  Engine,
  type EngineOptions,
  type EngineSteps,
  type StepReport,
  type StepSize,
} from './engine.ts';
export type {
  EngineStore,
  EngineTx,
  EngineUnit,
  LogPlan,
  RecomputeJob,
  RuntimeSource,
} from './engine-store.ts';
export { evaluateCustomer } from './evaluate-customer.ts';
export { explainStage, type StageExplanation } from './explain.ts';
export { segmentEvent } from './internal-events.ts';
export type { CustomerEffects, EngineReactor, StepEffects } from './reactor.ts';
export { requireSegments } from './require-segments.ts';
export { EngineRunner, type RunnerOptions } from './runner.ts';
export {
  type ActiveModel,
  type SegmentDefinition,
  type WatcherDefinition,
  WorkspaceRuntime,
} from './runtime.ts';
export { storedRuntime } from './stored-runtime.ts';
export type {
  CustomerRecord,
  CustomerState,
  EngineEvent,
  MoveCause,
  SegmentChange,
  StageMove,
} from './types.ts';
