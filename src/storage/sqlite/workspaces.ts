import type {
  ApiKey,
  KeyStorage,
  Workspace,
  WorkspaceSettings,
  WorkspaceStorage,
} from '../../workspaces/index.ts';
import { toApiKey, toWorkspace } from '../rows.ts';
import type { SqliteStore } from './sqlite-store.ts';

/** Workspaces on SQLite. */
export class SqliteWorkspaces implements WorkspaceStorage {
  readonly #s: SqliteStore;

  constructor(store: SqliteStore) {
    this.#s = store;
  }

  create(name: string, settings: WorkspaceSettings, now: number): Promise<Workspace> {
    return this.#s.writeNow(() => {
      const row = this.#s
        .statement('INSERT INTO workspaces (name, settings, created_at) VALUES (?, ?, ?) RETURNING *')
        .get(name, JSON.stringify(settings), now);
      return toWorkspace(row!);
    });
  }

  async get(id: number): Promise<Workspace | null> {
    const row = this.#s.statement('SELECT * FROM workspaces WHERE id = ?').get(id);
    return row ? toWorkspace(row) : null;
  }

  async getByName(name: string): Promise<Workspace | null> {
    const row = this.#s.statement('SELECT * FROM workspaces WHERE name = ?').get(name);
    return row ? toWorkspace(row) : null;
  }

  async list(): Promise<Workspace[]> {
    return this.#s.statement('SELECT * FROM workspaces ORDER BY id').all().map(toWorkspace);
  }

  updateSettings(id: number, settings: WorkspaceSettings): Promise<void> {
    return this.#s.writeNow(() => {
      this.#s.statement('UPDATE workspaces SET settings = ? WHERE id = ?').run(JSON.stringify(settings), id);
    });
  }
}

/** API keys on SQLite. */
export class SqliteKeys implements KeyStorage {
  readonly #s: SqliteStore;

  constructor(store: SqliteStore) {
    this.#s = store;
  }

  insert(key: Omit<ApiKey, 'id' | 'revokedAt'>): Promise<ApiKey> {
    return this.#s.writeNow(() => {
      const row = this.#s
        .statement(
          `INSERT INTO api_keys (workspace_id, kind, name, prefix, hash, created_at)
           VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
        )
        .get(key.workspaceId, key.kind, key.name, key.prefix, key.hash, key.createdAt);
      return toApiKey(row!);
    });
  }

  async list(workspaceId?: number): Promise<ApiKey[]> {
    const rows =
      workspaceId === undefined
        ? this.#s.statement('SELECT * FROM api_keys ORDER BY id').all()
        : this.#s.statement('SELECT * FROM api_keys WHERE workspace_id = ? ORDER BY id').all(workspaceId);
    return rows.map(toApiKey);
  }

  async findByHash(hash: string): Promise<ApiKey | null> {
    const row = this.#s.statement('SELECT * FROM api_keys WHERE hash = ?').get(hash);
    return row ? toApiKey(row) : null;
  }

  async get(id: number): Promise<ApiKey | null> {
    const row = this.#s.statement('SELECT * FROM api_keys WHERE id = ?').get(id);
    return row ? toApiKey(row) : null;
  }

  revoke(id: number, at: number): Promise<boolean> {
    return this.#s.writeNow(() => {
      const result = this.#s
        .statement('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
        .run(at, id);
      return Number(result.changes) > 0;
    });
  }
}
