import { decodeCursor, encodeCursor, type Page } from '../core/index.ts';
import type {
  CompiledTemplate,
  OutboxChannel,
  PublishedTemplate,
  TemplateContent,
  TemplateRecord,
  TemplateVersion,
} from '../messaging/index.ts';

/** Template rows for both adapters. SQLite hands JSON back as text, PostgreSQL as parsed jsonb. */
type Row = Record<string, unknown>;

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export const toTemplate = (r: Row): TemplateRecord => ({
  id: Number(r.id),
  workspaceId: Number(r.workspace_id),
  key: String(r.key),
  name: String(r.name),
  channel: r.channel as OutboxChannel,
  topic: r.topic === null ? null : String(r.topic),
  draft: json<TemplateContent>(r.draft),
  publishedVersion: r.published_version === null ? null : Number(r.published_version),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export const toVersion = (r: Row): TemplateVersion => ({
  version: Number(r.version),
  content: json<TemplateContent>(r.content),
  compiled: json<CompiledTemplate>(r.compiled),
  publishedAt: Number(r.published_at),
});

/** A row of a template joined with its published version. */
export const toPublished = (r: Row): PublishedTemplate => ({
  workspaceId: Number(r.workspace_id),
  key: String(r.key),
  channel: r.channel as OutboxChannel,
  version: Number(r.version),
  topic: r.topic === null ? null : String(r.topic),
  compiled: json<CompiledTemplate>(r.compiled),
});

/** The key after which a page starts ('' for the first: every key sorts after it). */
export const afterKey = (cursor: string | undefined): string =>
  cursor === undefined ? '' : String(decodeCursor(cursor, ['string'])[0]);

/** A page from `limit + 1` rows in key order: the extra row only says that there is a next page. */
export function keyPage(rows: Row[], limit: number): Page<TemplateRecord> {
  const items = rows.slice(0, limit).map(toTemplate);
  const next = rows.length > limit ? encodeCursor([items[items.length - 1]!.key]) : null;
  return { items, next };
}
