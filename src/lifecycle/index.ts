export {
  DryRunSchema,
  ExplanationSchema,
  HistoryQuerySchema,
  LifecycleViewSchema,
  ModelDocumentSchema,
  PublishedSchema,
  PutLifecycleSchema,
  PutQuerySchema,
  StageHistorySchema,
} from './api-schemas.ts';
export {
  type CompiledModel,
  compileModel,
  type Decision,
  type Explanation,
  type PassedOver,
} from './compile-model.ts';
export type { Reads } from './merge-needs.ts';
export type { LifecycleModel, StageDef, StageKind } from './model.ts';
export { type ModelResult, modelFromDocument, modelToDocument } from './model-document.ts';
export { type DocumentPath, formatModelError, formatPath, type ModelError } from './model-error.ts';
export { isPresetName, loadPreset, PRESET_NAMES, type PresetName, type PresetSummary } from './presets.ts';
export { type Locate, type ReadResult, readDocument } from './read-document.ts';
export { stageReferences } from './stage-references.ts';
export { type Problem, ruleOf } from './validate-model.ts';
