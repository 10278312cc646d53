export type { IngestGroup, IngestStorage } from './ingest-store.ts';
export { isRejection, MAX_MESSAGE_BYTES, MAX_REQUEST_BYTES, validateMessage } from './validate.ts';
export { IngestWriter } from './writer.ts';
