export { type IngestOutcome, type IngestTransaction, ingestMessages } from './ingest-batch.ts';
export { isJunkIdentifier, normalizeEmail } from './junk.ts';
export { assignIds, identityKey, messageIdentities, planIngest } from './plan.ts';
export { applyTraits, mergeTraits } from './traits.ts';
export {
  DEFAULT_IDENTITY_SETTINGS,
  type IdentityKind,
  type IdentitySettings,
  type IngestPlan,
  type MergeRecord,
  type ProfileState,
} from './types.ts';
