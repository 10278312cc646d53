export { decodeCursor, encodeCursor } from './cursor.ts';
export { MigrationError } from './migrations.ts';
export { openStore } from './open-store.ts';
export type {
  ApiKey,
  Customer,
  CustomerQuery,
  EventQuery,
  Identity,
  IngestGroup,
  KeyKind,
  Merge,
  Page,
  Store,
  StoredEvent,
  Workspace,
  WorkspaceSettings,
} from './port.ts';
export { dropSchema, type PostgresOptions, PostgresStore } from './postgres/postgres-store.ts';
export { withDefaults } from './settings.ts';
export { SqliteStore } from './sqlite/sqlite-store.ts';
