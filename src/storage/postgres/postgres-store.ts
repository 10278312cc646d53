import type pg from 'pg';
import type { IngestOutcome } from '../../identity/index.ts';
import type { Message } from '../../ingest/message.ts';
import type {
  ApiKey,
  Customer,
  CustomerQuery,
  EventQuery,
  Identity,
  IngestGroup,
  Merge,
  Page,
  Store,
  StoredEvent,
  Workspace,
  WorkspaceSettings,
} from '../port.ts';
import { toApiKey, toCustomer, toWorkspace } from '../rows.ts';
import { PostgresAnalytics } from './analytics.ts';
import { insertEvents } from './bulk-writes.ts';
import { PostgresEngineAdmin } from './engine-admin.ts';
import { ingestGroups } from './ingest.ts';
import { postgresJobs } from './jobs.ts';
import { migrate } from './migrate.ts';
import { createPool, inTransaction, type PostgresOptions } from './pool.ts';
import { listCustomers, listEvents } from './reads.ts';
import { PostgresSegmentAdmin } from './segment-admin.ts';

export { dropSchema, type PostgresOptions } from './pool.ts';

/**
 * The server store: PostgreSQL through a `pg` pool. Unlike SQLite, several server processes may write
 * at once, so ingest locks the profiles it changes and retries when another process won a race
 * (see `ingest.ts`), and the lifecycle engines share new events through a queue (see `engine-transaction.ts`).
 */
export class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  /** The lifecycle engine's tables; each server process runs an engine on them (see `engine-admin.ts`). */
  readonly engine: PostgresEngineAdmin;
  readonly pool: pg.Pool;
  readonly segments: PostgresSegmentAdmin = new PostgresSegmentAdmin(this);
  readonly analytics: PostgresAnalytics = new PostgresAnalytics(this);
  readonly jobs = postgresJobs(this);
  readonly #schema: string | undefined;

  constructor(url: string, options: PostgresOptions = {}) {
    this.pool = createPool(url, options);
    this.engine = new PostgresEngineAdmin(this.pool);
    this.#schema = options.schema;
  }

  migrate(): Promise<number[]> {
    return migrate(this.pool, this.#schema, Date.now());
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  async #one(sql: string, args: unknown[]): Promise<Record<string, unknown> | undefined> {
    return (await this.pool.query(sql, args)).rows[0];
  }

  async createWorkspace(name: string, settings: WorkspaceSettings, now: number): Promise<Workspace> {
    const sql = 'INSERT INTO workspaces (name, settings, created_at) VALUES ($1, $2::jsonb, $3) RETURNING *';
    return toWorkspace((await this.#one(sql, [name, JSON.stringify(settings), now]))!);
  }

  async getWorkspace(id: number): Promise<Workspace | null> {
    const row = await this.#one('SELECT * FROM workspaces WHERE id = $1', [id]);
    return row ? toWorkspace(row) : null;
  }

  async getWorkspaceByName(name: string): Promise<Workspace | null> {
    const row = await this.#one('SELECT * FROM workspaces WHERE name = $1', [name]);
    return row ? toWorkspace(row) : null;
  }

  async listWorkspaces(): Promise<Workspace[]> {
    return (await this.pool.query('SELECT * FROM workspaces ORDER BY id')).rows.map(toWorkspace);
  }

  async updateWorkspaceSettings(id: number, settings: WorkspaceSettings): Promise<void> {
    await this.pool.query('UPDATE workspaces SET settings = $1::jsonb WHERE id = $2', [
      JSON.stringify(settings),
      id,
    ]);
  }

  async insertApiKey(key: Omit<ApiKey, 'id' | 'revokedAt'>): Promise<ApiKey> {
    const row = await this.#one(
      `INSERT INTO api_keys (workspace_id, kind, name, prefix, hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [key.workspaceId, key.kind, key.name, key.prefix, key.hash, key.createdAt],
    );
    return toApiKey(row!);
  }

  async listApiKeys(workspaceId?: number): Promise<ApiKey[]> {
    const { rows } =
      workspaceId === undefined
        ? await this.pool.query('SELECT * FROM api_keys ORDER BY id')
        : await this.pool.query('SELECT * FROM api_keys WHERE workspace_id = $1 ORDER BY id', [workspaceId]);
    return rows.map(toApiKey);
  }

  async findApiKeyByHash(hash: string): Promise<ApiKey | null> {
    const row = await this.#one('SELECT * FROM api_keys WHERE hash = $1', [hash]);
    return row ? toApiKey(row) : null;
  }

  async getApiKey(id: number): Promise<ApiKey | null> {
    const row = await this.#one('SELECT * FROM api_keys WHERE id = $1', [id]);
    return row ? toApiKey(row) : null;
  }

  async revokeApiKey(id: number, at: number): Promise<boolean> {
    const sql = 'UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL';
    return ((await this.pool.query(sql, [at, id])).rowCount ?? 0) > 0;
  }

  ingest(groups: IngestGroup[], now: number): Promise<IngestOutcome[]> {
    return ingestGroups(this.pool, groups, now);
  }

  insertEventsRaw(workspaceId: number, events: { message: Message; customerId: number }[]): Promise<number> {
    return inTransaction(this.pool, (client) => insertEvents(client, workspaceId, events));
  }

  listCustomers(workspaceId: number, query: CustomerQuery): Promise<Page<Customer>> {
    return listCustomers(this.pool, workspaceId, query);
  }

  async getCustomer(workspaceId: number, id: number): Promise<Customer | null> {
    const row = await this.#one('SELECT * FROM customers WHERE workspace_id = $1 AND id = $2', [
      workspaceId,
      id,
    ]);
    return row ? toCustomer(row) : null;
  }

  async findSurvivor(workspaceId: number, mergedId: number): Promise<number | null> {
    const row = await this.#one(
      'SELECT survivor_id FROM merges WHERE workspace_id = $1 AND from_customer_id = $2 ORDER BY id DESC LIMIT 1',
      [workspaceId, mergedId],
    );
    return row ? Number(row.survivor_id) : null;
  }

  async customerIdentities(workspaceId: number, customerId: number): Promise<Identity[]> {
    // COLLATE "C": byte order, as SQLite sorts, whatever collation the database was created with.
    const { rows } = await this.pool.query(
      `SELECT kind, value, created_at FROM identities WHERE customer_id = $1 AND workspace_id = $2
       ORDER BY created_at, kind COLLATE "C", value COLLATE "C"`,
      [customerId, workspaceId],
    );
    return rows.map((r) => ({
      kind: String(r.kind),
      value: String(r.value),
      createdAt: Number(r.created_at),
    }));
  }

  async customerMerges(workspaceId: number, customerId: number): Promise<Merge[]> {
    const { rows } = await this.pool.query(
      `SELECT from_customer_id, into_customer_id, reason, message_id, at FROM merges
       WHERE workspace_id = $1 AND survivor_id = $2 ORDER BY id`,
      [workspaceId, customerId],
    );
    return rows.map((r) => ({
      fromCustomerId: Number(r.from_customer_id),
      intoCustomerId: Number(r.into_customer_id),
      reason: String(r.reason),
      messageId: String(r.message_id),
      at: Number(r.at),
    }));
  }

  listEvents(workspaceId: number, query: EventQuery): Promise<Page<StoredEvent>> {
    return listEvents(this.pool, workspaceId, query);
  }

  async countEvents(workspaceId: number): Promise<number> {
    const row = await this.#one('SELECT count(*) AS n FROM events WHERE workspace_id = $1 AND NOT internal', [
      workspaceId,
    ]);
    return Number(row!.n);
  }
}
