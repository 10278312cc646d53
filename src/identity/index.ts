export { type IngestOutcome, type IngestTransaction, ingestMessages } from './ingest-batch.ts';
export { isJunkIdentifier, normalizeEmail } from './junk.ts';
export { identityKey } from './plan.ts';
export {
  DEFAULT_IDENTITY_SETTINGS,
  type IdentityKind,
  type IdentitySettings,
  type IngestPlan,
  type MergeRecord,
  type ProfileState,
} from './types.ts';
