export { type Clock, ManualClock, systemClock } from './clock.ts';
export { CsvParser, type CsvRecord } from './csv-parser.ts';
export { decodeCursor, encodeCursor } from './cursor.ts';
export { type ErrorBody, ErrorSchema } from './error-schema.ts';
export { AppError, ERROR_STATUS, type ErrorCode } from './errors.ts';
export { type Json, type JsonObject, MESSAGE_TYPES, type Message, type MessageType } from './message.ts';
export type { Page } from './page.ts';
export type { Holds, Same } from './schema-check.ts';
export { DAY, HOUR, iso, MINUTE, SECOND, WEEK } from './time.ts';
