import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Page } from '../../core/index.ts';
import type {
  PublishedTemplate,
  TemplateDraft,
  TemplateRecord,
  TemplateStorage,
  TemplateVersion,
} from '../../messaging/index.ts';
import { afterKey, keyPage, toPublished, toTemplate, toVersion } from '../template-rows.ts';
import { createArgs, TEMPLATE_SQL as SQL, saveDraftArgs, versionArgs } from '../template-sql.ts';
import { inTransaction } from './pool.ts';

/** Message templates on PostgreSQL. */
export class PostgresTemplates implements TemplateStorage {
  readonly #pool: pg.Pool;
  /** Secrets never change once made, so each is read from the database once. */
  readonly #secrets = new Map<number, Buffer>();

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async #one(sql: string, args: unknown[]): Promise<Record<string, unknown> | undefined> {
    return (await this.#pool.query(sql, args)).rows[0];
  }

  async list(workspaceId: number, page: { limit: number; cursor?: string }): Promise<Page<TemplateRecord>> {
    // COLLATE "C": keys compare byte by byte, as SQLite compares them, whatever the database's collation.
    const { rows } = await this.#pool.query(
      `SELECT * FROM message_templates WHERE workspace_id = $1 AND key COLLATE "C" > $2
       ORDER BY key COLLATE "C" LIMIT $3`,
      [workspaceId, afterKey(page.cursor), page.limit + 1],
    );
    return keyPage(rows, page.limit);
  }

  async get(workspaceId: number, key: string): Promise<TemplateRecord | null> {
    const row = await this.#one(SQL.get, [workspaceId, key]);
    return row ? toTemplate(row) : null;
  }

  async create(workspaceId: number, draft: TemplateDraft, now: number): Promise<TemplateRecord | null> {
    const row = await this.#one(SQL.create, createArgs(workspaceId, draft, now));
    return row ? toTemplate(row) : null;
  }

  async saveDraft(
    workspaceId: number,
    key: string,
    draft: Omit<TemplateDraft, 'key'>,
    now: number,
  ): Promise<TemplateRecord | null> {
    const row = await this.#one(SQL.saveDraft, saveDraftArgs(workspaceId, key, draft, now));
    return row ? toTemplate(row) : null;
  }

  publish(
    workspaceId: number,
    key: string,
    version: Pick<TemplateVersion, 'content' | 'compiled'>,
    now: number,
  ): Promise<number | null> {
    return inTransaction(this.#pool, async (c) => {
      // The row lock orders two publishes of one template, so each takes the next number.
      const { rows } = await c.query(`${SQL.get} FOR UPDATE`, [workspaceId, key]);
      if (!rows[0]) return null;
      const id = rows[0].id;
      const v = Number((await c.query(SQL.nextVersion, [id])).rows[0].v);
      await c.query(SQL.insertVersion, versionArgs(id, v, version, now));
      await c.query(SQL.markPublished, [v, now, id]);
      return v;
    });
  }

  async versions(workspaceId: number, key: string): Promise<TemplateVersion[] | null> {
    const t = await this.#one(SQL.get, [workspaceId, key]);
    return t ? (await this.#pool.query(SQL.versions, [t.id])).rows.map(toVersion) : null;
  }

  async delete(workspaceId: number, key: string): Promise<boolean> {
    return ((await this.#pool.query(SQL.delete, [workspaceId, key])).rowCount ?? 0) > 0;
  }

  async linkSecret(workspaceId: number): Promise<Buffer> {
    const known = this.#secrets.get(workspaceId);
    if (known) return known;
    // Two processes may make one at once: the first insert wins and both read the winner back.
    await this.#pool.query(
      'INSERT INTO link_secrets (workspace_id, secret) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [workspaceId, randomBytes(32)],
    );
    const row = await this.#one('SELECT secret FROM link_secrets WHERE workspace_id = $1', [workspaceId]);
    const secret = Buffer.from(row!.secret as Buffer);
    this.#secrets.set(workspaceId, secret);
    return secret;
  }

  async published(workspaceId: number, key: string): Promise<PublishedTemplate | null> {
    const row = await this.#one(SQL.published, [workspaceId, key]);
    return row ? toPublished(row) : null;
  }

  async existing(workspaceId: number, keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const { rows } = await this.#pool.query(
      `SELECT key FROM message_templates WHERE workspace_id = $1 AND published_version IS NOT NULL
       AND key = ANY($2::text[])`,
      [workspaceId, keys],
    );
    return new Set(rows.map((r) => String(r.key)));
  }
}
