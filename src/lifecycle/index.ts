export {
  type CompiledModel,
  compileModel,
  type Decision,
  type Explanation,
  type PassedOver,
} from './compile-model.ts';
export { mergeNeeds, mergeReads, type Reads } from './merge-needs.ts';
export { type LifecycleModel, STAGE_KINDS, type StageDef, type StageKind } from './model.ts';
export { type ModelResult, modelFromDocument, modelToDocument } from './model-document.ts';
export { type DocumentPath, formatModelError, formatPath, type ModelError } from './model-error.ts';
export { listPresets, loadPreset, PRESET_NAMES, type PresetName, type PresetSummary } from './presets.ts';
export { stageReferences } from './stage-references.ts';
