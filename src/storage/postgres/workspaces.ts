import type pg from 'pg';
import type {
  ApiKey,
  KeyStorage,
  Workspace,
  WorkspaceSettings,
  WorkspaceStorage,
} from '../../workspaces/index.ts';
import { toApiKey, toWorkspace } from '../rows.ts';
import { one } from './pool.ts';

/** Workspaces on PostgreSQL. */
export class PostgresWorkspaces implements WorkspaceStorage {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async create(name: string, settings: WorkspaceSettings, now: number): Promise<Workspace> {
    const sql = 'INSERT INTO workspaces (name, settings, created_at) VALUES ($1, $2::jsonb, $3) RETURNING *';
    return toWorkspace((await one(this.#pool, sql, [name, JSON.stringify(settings), now]))!);
  }

  async get(id: number): Promise<Workspace | null> {
    const row = await one(this.#pool, 'SELECT * FROM workspaces WHERE id = $1', [id]);
    return row ? toWorkspace(row) : null;
  }

  async getByName(name: string): Promise<Workspace | null> {
    const row = await one(this.#pool, 'SELECT * FROM workspaces WHERE name = $1', [name]);
    return row ? toWorkspace(row) : null;
  }

  async list(): Promise<Workspace[]> {
    return (await this.#pool.query('SELECT * FROM workspaces ORDER BY id')).rows.map(toWorkspace);
  }

  async updateSettings(id: number, settings: WorkspaceSettings): Promise<void> {
    await this.#pool.query('UPDATE workspaces SET settings = $1::jsonb WHERE id = $2', [
      JSON.stringify(settings),
      id,
    ]);
  }
}

/** API keys on PostgreSQL. */
export class PostgresKeys implements KeyStorage {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async insert(key: Omit<ApiKey, 'id' | 'revokedAt'>): Promise<ApiKey> {
    const row = await one(
      this.#pool,
      `INSERT INTO api_keys (workspace_id, kind, name, prefix, hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [key.workspaceId, key.kind, key.name, key.prefix, key.hash, key.createdAt],
    );
    return toApiKey(row!);
  }

  async list(workspaceId?: number): Promise<ApiKey[]> {
    const { rows } =
      workspaceId === undefined
        ? await this.#pool.query('SELECT * FROM api_keys ORDER BY id')
        : await this.#pool.query('SELECT * FROM api_keys WHERE workspace_id = $1 ORDER BY id', [workspaceId]);
    return rows.map(toApiKey);
  }

  async findByHash(hash: string): Promise<ApiKey | null> {
    const row = await one(this.#pool, 'SELECT * FROM api_keys WHERE hash = $1', [hash]);
    return row ? toApiKey(row) : null;
  }

  async get(id: number): Promise<ApiKey | null> {
    const row = await one(this.#pool, 'SELECT * FROM api_keys WHERE id = $1', [id]);
    return row ? toApiKey(row) : null;
  }

  async revoke(id: number, at: number): Promise<boolean> {
    const sql = 'UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL';
    return ((await this.#pool.query(sql, [at, id])).rowCount ?? 0) > 0;
  }
}
