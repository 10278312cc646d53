import { randomBytes } from 'node:crypto';
import type { SQLInputValue } from 'node:sqlite';
import type { Page } from '../../core/index.ts';
import type {
  PublishedTemplate,
  TemplateDraft,
  TemplateRecord,
  TemplateStorage,
  TemplateVersion,
} from '../../messaging/index.ts';
import { afterKey, keyPage, toPublished, toTemplate, toVersion } from '../template-rows.ts';
import { createArgs, saveDraftArgs, sqliteParams, TEMPLATE_SQL, versionArgs } from '../template-sql.ts';
import type { SqliteStore } from './sqlite-store.ts';

type Sql = keyof typeof TEMPLATE_SQL;

/** Message templates on SQLite: each write in turn with the store's others, in one transaction. */
export class SqliteTemplates implements TemplateStorage {
  readonly #s: SqliteStore;
  /** Secrets never change once made, so each is read from the database once. */
  readonly #secrets = new Map<number, Buffer>();

  constructor(store: SqliteStore) {
    this.#s = store;
  }

  #run(sql: Sql) {
    return this.#s.statement(sqliteParams(TEMPLATE_SQL[sql]));
  }

  async list(workspaceId: number, page: { limit: number; cursor?: string }): Promise<Page<TemplateRecord>> {
    const rows = this.#s
      .statement('SELECT * FROM message_templates WHERE workspace_id = ? AND key > ? ORDER BY key LIMIT ?')
      .all(workspaceId, afterKey(page.cursor), page.limit + 1);
    return keyPage(rows, page.limit);
  }

  async get(workspaceId: number, key: string): Promise<TemplateRecord | null> {
    const row = this.#run('get').get(workspaceId, key);
    return row ? toTemplate(row) : null;
  }

  create(workspaceId: number, draft: TemplateDraft, now: number): Promise<TemplateRecord | null> {
    return this.#s.writeNow(() => {
      const row = this.#run('create').get(...(createArgs(workspaceId, draft, now) as SQLInputValue[]));
      return row ? toTemplate(row) : null;
    });
  }

  saveDraft(
    workspaceId: number,
    key: string,
    draft: Omit<TemplateDraft, 'key'>,
    now: number,
  ): Promise<TemplateRecord | null> {
    return this.#s.writeNow(() => {
      const args = saveDraftArgs(workspaceId, key, draft, now) as SQLInputValue[];
      const row = this.#run('saveDraft').get(...args);
      return row ? toTemplate(row) : null;
    });
  }

  publish(
    workspaceId: number,
    key: string,
    version: Pick<TemplateVersion, 'content' | 'compiled'>,
    now: number,
  ): Promise<number | null> {
    return this.#s.writeNow(() => {
      const t = this.#run('get').get(workspaceId, key);
      if (!t) return null;
      const v = Number(this.#run('nextVersion').get(t.id)!.v);
      this.#run('insertVersion').run(...(versionArgs(t.id, v, version, now) as SQLInputValue[]));
      this.#run('markPublished').run(v, now, t.id);
      return v;
    });
  }

  async versions(workspaceId: number, key: string): Promise<TemplateVersion[] | null> {
    const t = this.#run('get').get(workspaceId, key);
    return t ? this.#run('versions').all(t.id).map(toVersion) : null;
  }

  delete(workspaceId: number, key: string): Promise<boolean> {
    return this.#s.writeNow(() => Number(this.#run('delete').run(workspaceId, key).changes) > 0);
  }

  async linkSecret(workspaceId: number): Promise<Buffer> {
    const known = this.#secrets.get(workspaceId);
    if (known) return known;
    const secret = await this.#s.writeNow(() => {
      this.#s
        .statement('INSERT INTO link_secrets (workspace_id, secret) VALUES (?, ?) ON CONFLICT DO NOTHING')
        .run(workspaceId, randomBytes(32));
      const row = this.#s
        .statement('SELECT secret FROM link_secrets WHERE workspace_id = ?')
        .get(workspaceId);
      return Buffer.from(row!.secret as Uint8Array);
    });
    this.#secrets.set(workspaceId, secret);
    return secret;
  }

  async published(workspaceId: number, key: string): Promise<PublishedTemplate | null> {
    const row = this.#run('published').get(workspaceId, key);
    return row ? toPublished(row) : null;
  }

  async existing(workspaceId: number, keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = this.#s
      .statement(
        `SELECT key FROM message_templates WHERE workspace_id = ? AND published_version IS NOT NULL
         AND key IN (SELECT value FROM json_each(?))`,
      )
      .all(workspaceId, JSON.stringify(keys));
    return new Set(rows.map((r) => String(r.key)));
  }
}
