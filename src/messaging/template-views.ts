import { iso } from '../core/index.ts';
import type { TemplateRecord } from './template-storage.ts';
import { templateToDocument } from './templates/template-document.ts';

/** A template's list entry, as the API answers it. */
export const templateSummary = (t: TemplateRecord) => ({
  id: t.id,
  key: t.key,
  name: t.name,
  channel: t.channel,
  topic: t.topic,
  publishedVersion: t.publishedVersion,
  createdAt: iso(t.createdAt),
  updatedAt: iso(t.updatedAt),
});

/** A template with its draft, as content and as the YAML document a team keeps in git. */
export const templateView = (t: TemplateRecord) => ({
  ...templateSummary(t),
  draft: t.draft,
  yaml: templateToDocument({ key: t.key, name: t.name, topic: t.topic, content: t.draft }),
});
