import type { TemplateDraft, TemplateVersion } from '../messaging/index.ts';

/**
 * The template statements both dialects share, written with PostgreSQL's `$n` placeholders; SQLite
 * runs them through `sqliteParams`, which numbers the same parameters its own way (`?n`).
 */
export const TEMPLATE_SQL = {
  create: `INSERT INTO message_templates (workspace_id, key, name, channel, topic, draft, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (workspace_id, key) DO NOTHING RETURNING *`,
  saveDraft: `UPDATE message_templates SET name = $1, topic = $2, draft = $3, updated_at = $4
    WHERE workspace_id = $5 AND key = $6 RETURNING *`,
  nextVersion:
    'SELECT coalesce(max(version), 0) + 1 AS v FROM message_template_versions WHERE template_id = $1',
  insertVersion: `INSERT INTO message_template_versions (template_id, version, content, compiled, published_at)
    VALUES ($1, $2, $3, $4, $5)`,
  markPublished: 'UPDATE message_templates SET published_version = $1, updated_at = $2 WHERE id = $3',
  versions: 'SELECT * FROM message_template_versions WHERE template_id = $1 ORDER BY version DESC',
  get: 'SELECT * FROM message_templates WHERE workspace_id = $1 AND key = $2',
  delete: 'DELETE FROM message_templates WHERE workspace_id = $1 AND key = $2',
  /** The published version of a template, joined with the template. */
  published: `SELECT t.workspace_id, t.key, t.channel, t.topic, v.version, v.compiled
    FROM message_templates t
    JOIN message_template_versions v ON v.template_id = t.id AND v.version = t.published_version
    WHERE t.workspace_id = $1 AND t.key = $2`,
};

export const sqliteParams = (sql: string): string => sql.replace(/\$(\d+)/g, '?$1');

export const createArgs = (workspaceId: number, d: TemplateDraft, now: number) => [
  workspaceId,
  d.key,
  d.name,
  d.content.channel,
  d.topic,
  JSON.stringify(d.content),
  now,
];

export const saveDraftArgs = (
  workspaceId: number,
  key: string,
  d: Omit<TemplateDraft, 'key'>,
  now: number,
) => [d.name, d.topic, JSON.stringify(d.content), now, workspaceId, key];

export const versionArgs = (
  templateId: unknown,
  version: number,
  v: Pick<TemplateVersion, 'content' | 'compiled'>,
  now: number,
) => [templateId, version, JSON.stringify(v.content), JSON.stringify(v.compiled), now];
