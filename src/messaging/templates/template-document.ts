import { stringify } from 'yaml';
import type { TemplateContent } from '../template-types.ts';
import { type DocumentFault, readSource } from './document-source.ts';

/** A template as a file holds it: what it is called, its subscription topic, and what it says. */
export type TemplateDefinition = {
  key: string;
  name: string;
  /** The subscription topic of a marketing template; null for a transactional one. */
  topic: string | null;
  content: TemplateContent;
};

export type TemplateDocumentResult =
  | { ok: true; template: TemplateDefinition }
  | { ok: false; faults: DocumentFault[] };

/** Template and topic keys: lower-case letters, digits, - and _, starting with a letter. */
export const TEMPLATE_KEY = /^[a-z][a-z0-9_-]{0,63}$/;

const COMMON = ['key', 'name', 'channel', 'topic'];
const FIELDS = {
  email: { required: ['subject', 'body'], optional: ['preheader', 'format', 'text'] },
  sms: { required: ['body'], optional: [] },
  webhook: { required: ['url', 'body'], optional: [] },
} as const;

/**
 * Reads a template document (YAML or JSON text, or parsed values): `key`, `name`, `channel` (email,
 * sms or webhook), `topic` (absent or null for transactional messages) and the channel's fields.
 * An email's `format` is `mjml` or `html`; left out, it is `mjml` when the body starts with `<mjml`.
 * Every fault is reported with its path, and its line and column when read from text.
 */
export function templateFromDocument(input: unknown, format?: 'yaml' | 'json'): TemplateDocumentResult {
  const source = readSource(input, format);
  if (!source.ok) return source;
  const faults: DocumentFault[] = [];
  const fault = (path: string, message: string) => {
    const at = source.at(path);
    faults.push(at ? { path, message, ...at } : { path, message });
  };
  const v = source.value;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    fault('', 'must be a mapping of key, name, channel and the content fields');
    return { ok: false, faults };
  }
  const doc = v as Record<string, unknown>;
  const channel = doc.channel;
  if (channel !== 'email' && channel !== 'sms' && channel !== 'webhook') {
    fault('channel', 'must be email, sms or webhook');
    return { ok: false, faults };
  }
  const { required, optional } = FIELDS[channel];
  const known = new Set<string>([...COMMON, ...required, ...optional]);
  for (const k of Object.keys(doc)) if (!known.has(k)) fault(k, `is not a field of ${channel} templates`);
  for (const k of ['key', 'name', ...required]) if (doc[k] === undefined) fault(k, 'is missing');
  const text = (k: string, nullable = false): string | null => {
    const x = doc[k];
    if (typeof x === 'string') return x;
    if (x !== undefined && !(nullable && x === null))
      fault(k, nullable ? 'must be text or null' : 'must be text');
    return null;
  };
  const key = text('key');
  if (key !== null && !TEMPLATE_KEY.test(key))
    fault('key', 'must be a key: lower-case letters, digits, - and _, starting with a letter (64 at most)');
  const name = text('name');
  if (name !== null && name.trim() === '') fault('name', 'must not be empty');
  const topic = text('topic', true);
  if (topic !== null && !TEMPLATE_KEY.test(topic)) fault('topic', 'must be a topic key, or null');
  const content = readContent(channel, text, fault);
  if (faults.length > 0 || content === null) return { ok: false, faults };
  return { ok: true, template: { key: key!, name: name!, topic, content } };
}

function readContent(
  channel: TemplateContent['channel'],
  text: (k: string, nullable?: boolean) => string | null,
  fault: (path: string, message: string) => void,
): TemplateContent | null {
  const body = text('body');
  if (body === null) return null;
  if (channel === 'sms') return { channel, body };
  if (channel === 'webhook') {
    const url = text('url');
    return url === null ? null : { channel, url, body };
  }
  const subject = text('subject');
  const given = text('format', true);
  if (given !== null && given !== 'mjml' && given !== 'html') fault('format', 'must be mjml or html');
  const format =
    given === 'html' || given === 'mjml' ? given : body.trimStart().startsWith('<mjml') ? 'mjml' : 'html';
  if (subject === null) return null;
  return { channel, subject, preheader: text('preheader', true), format, body, text: text('text', true) };
}

/**
 * The template as YAML, long texts as block scalars so that a diff in git reads line by line;
 * `templateFromDocument` reads it back to the same definition.
 */
export function templateToDocument(t: TemplateDefinition): string {
  const { channel, ...fields } = t.content;
  const doc: Record<string, unknown> = { key: t.key, name: t.name, channel };
  if (t.topic !== null) doc.topic = t.topic;
  for (const [k, value] of Object.entries(fields)) if (value !== null) doc[k] = value;
  return stringify(doc, { lineWidth: 0, blockQuote: 'literal' });
}
