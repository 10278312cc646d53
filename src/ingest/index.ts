export { MESSAGE_TYPES, type Message, type MessageType } from './message.ts';
export { type IngestDeps, ingestRoutes } from './routes.ts';
export { settingsDocument } from './settings-document.ts';
export { isRejection, MAX_MESSAGE_BYTES, MAX_REQUEST_BYTES, validateMessage } from './validate.ts';
export { IngestWriter } from './writer.ts';
