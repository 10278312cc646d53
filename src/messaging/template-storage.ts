import type { Page } from '../core/index.ts';
import type { OutboxChannel } from './outbox-types.ts';
import type { CompiledTemplate, PublishedTemplates, TemplateContent } from './template-types.ts';

/** A template as people manage it: its working draft and which version the sender uses. */
export type TemplateRecord = {
  id: number;
  workspaceId: number;
  key: string;
  name: string;
  /** Fixed when the template is made: journeys and the sender rely on a key's channel. */
  channel: OutboxChannel;
  /** The subscription topic of a marketing template; null for a transactional one. */
  topic: string | null;
  draft: TemplateContent;
  /** The version the sender renders, or null before the first publish. */
  publishedVersion: number | null;
  createdAt: number;
  updatedAt: number;
};

/** One frozen version: the content as it was published and what `checkTemplate` compiled of it. */
export type TemplateVersion = {
  version: number;
  content: TemplateContent;
  compiled: CompiledTemplate;
  publishedAt: number;
};

/** What a template is made or saved with; its channel is the content's. */
export type TemplateDraft = { key: string; name: string; topic: string | null; content: TemplateContent };

/**
 * Templates' storage for the admin API, the CLI and (through `PublishedTemplates`) the sender. Every
 * call is scoped by workspace. Checking content is the caller's: storage keeps what it is given.
 */
export interface TemplateStorage extends PublishedTemplates {
  /** A page of the workspace's templates in key order; `cursor` is a previous page's `next`. */
  list(workspaceId: number, page: { limit: number; cursor?: string }): Promise<Page<TemplateRecord>>;
  get(workspaceId: number, key: string): Promise<TemplateRecord | null>;
  /** Makes a template with its first draft; null when the key is taken in the workspace. */
  create(workspaceId: number, draft: TemplateDraft, now: number): Promise<TemplateRecord | null>;
  /** Replaces name, topic and draft content (the key and channel stay); null when there is no such template. */
  saveDraft(
    workspaceId: number,
    key: string,
    draft: Omit<TemplateDraft, 'key'>,
    now: number,
  ): Promise<TemplateRecord | null>;
  /**
   * Freezes `content` (the draft the caller checked) with its compiled form as the next version and
   * makes it the one the sender uses; returns the version, or null when there is no such template.
   */
  publish(
    workspaceId: number,
    key: string,
    version: { content: TemplateContent; compiled: CompiledTemplate },
    now: number,
  ): Promise<number | null>;
  /** Every published version, newest first; null when there is no such template. */
  versions(workspaceId: number, key: string): Promise<TemplateVersion[] | null>;
  /** Deletes the template and its versions; false when there was none. Messages not yet sent then fail. */
  delete(workspaceId: number, key: string): Promise<boolean>;
  /** The workspace's secret for signing links (32 random bytes, made on first use, then always the same). */
  linkSecret(workspaceId: number): Promise<Buffer>;
}
