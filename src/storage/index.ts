export { engineWithJourneys } from './engine-with-journeys.ts';
export { MigrationError } from './migrations.ts';
export { openStore } from './open-store.ts';
export { dropSchema, type PostgresOptions, PostgresStore } from './postgres/postgres-store.ts';
export { SqliteStore } from './sqlite/sqlite-store.ts';
export type { OpenStore, Store, StoreMechanics, WriteUnit } from './store.ts';
