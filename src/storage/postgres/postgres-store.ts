import type pg from 'pg';
import type { Message } from '../../core/index.ts';
import type { IngestStorage } from '../../ingest/index.ts';
import type { OpenStore } from '../store.ts';
import { PostgresAnalytics } from './analytics.ts';
import { insertEvents } from './bulk-writes.ts';
import { PostgresCustomers } from './customers.ts';
import { PostgresEngineAdmin } from './engine-admin.ts';
import { ingestGroups } from './ingest.ts';
import { postgresJobs } from './jobs.ts';
import { PostgresJourneys } from './journeys.ts';
import { postgresMessaging } from './messaging.ts';
import { migrate } from './migrate.ts';
import { createPool, inTransaction, type PostgresOptions } from './pool.ts';
import { PostgresSegmentAdmin } from './segment-admin.ts';
import { foldStageCounts } from './stage-counts.ts';
import { PostgresTemplates } from './templates.ts';
import { PostgresUsers } from './users.ts';
import { PostgresKeys, PostgresWorkspaces } from './workspaces.ts';
import { type PostgresUnit, runUnit } from './write-unit.ts';

/** Engine passes between folds of the stage-count deltas (at most a few rows a pass; see stage-counts.ts). */
const FOLD_STAGE_COUNTS_EVERY = 500;

export { dropSchema, type PostgresOptions } from './pool.ts';

/**
 * The server store: PostgreSQL through a `pg` pool. Unlike SQLite, several server processes may write
 * at once, so ingest locks the profiles it changes and retries when another process won a race
 * (see `ingest.ts`), and the lifecycle engines share new events through a queue (see `engine-transaction.ts`).
 */
export class PostgresStore implements OpenStore {
  readonly dialect = 'postgres' as const;
  /** The lifecycle engine's tables; each server process runs an engine on them (see `engine-admin.ts`). */
  readonly engine: PostgresEngineAdmin;
  readonly pool: pg.Pool;
  readonly segments: PostgresSegmentAdmin = new PostgresSegmentAdmin(this);
  readonly analytics: PostgresAnalytics = new PostgresAnalytics(this);
  readonly workspaces: PostgresWorkspaces;
  readonly keys: PostgresKeys;
  readonly users: PostgresUsers;
  readonly customers: PostgresCustomers;
  readonly ingest: IngestStorage = { commit: (groups, now) => ingestGroups(this.pool, groups, now) };
  /** Each server process runs its own engine beside ingest (`EngineRunner`); the store runs none. */
  readonly runsEngine = false;
  /** One ingest transaction at a time per process; several processes commit side by side. */
  readonly ingestPipeline = 1;
  readonly jobs = postgresJobs(this);
  readonly journeys: PostgresJourneys;
  readonly messaging: ReturnType<typeof postgresMessaging>;
  readonly templates: PostgresTemplates;
  readonly #schema: string | undefined;
  #enginePasses = 0;
  readonly #migrationsDir: string | undefined;

  constructor(url: string, options: PostgresOptions = {}) {
    this.pool = createPool(url, options);
    this.engine = new PostgresEngineAdmin(this.pool);
    this.journeys = new PostgresJourneys(this.pool);
    this.messaging = postgresMessaging(this.pool, (fn) => this.write((unit) => fn(unit.outbox)));
    this.templates = new PostgresTemplates(this.pool);
    this.workspaces = new PostgresWorkspaces(this.pool);
    this.keys = new PostgresKeys(this.pool);
    this.users = new PostgresUsers(this.pool);
    this.customers = new PostgresCustomers(this.pool);
    this.#schema = options.schema;
    this.#migrationsDir = options.migrationsDir;
  }

  migrate(): Promise<number[]> {
    return migrate(this.pool, this.#schema, Date.now(), this.#migrationsDir);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  /** See `runUnit`; every so many engine passes, the stage-count deltas are folded afterwards. */
  async write<T>(fn: (unit: PostgresUnit) => Promise<T>): Promise<T> {
    const { result, unit } = await runUnit(this.pool, fn);
    // After the pass committed, in a statement of its own: a fold never holds delta rows while a pass
    // waits on its customers, and a failed fold never runs the pass again.
    if (unit.usedEngine && ++this.#enginePasses % FOLD_STAGE_COUNTS_EVERY === 0)
      await foldStageCounts(this.pool);
    return result;
  }

  startOwnEngine(): void {}

  /** PostgreSQL's engine does not share a writer with ingest, so it has no use for the queue length. */
  ingestWaiting(_events: number): void {}

  insertEventsRaw(workspaceId: number, events: { message: Message; customerId: number }[]): Promise<number> {
    return inTransaction(this.pool, (client) => insertEvents(client, workspaceId, events));
  }
}
