import { AppError } from '../core/index.ts';
import type { TemplateRecord, TemplateStorage } from './template-storage.ts';
import type { TemplateFault } from './template-types.ts';
import { checkTemplate } from './templates/check-template.ts';
import type { DocumentFault } from './templates/document-source.ts';
import { type TemplateDefinition, templateFromDocument } from './templates/template-document.ts';

/** One line per fault, as an error message and the CLI show them: `body (line 2, column 3): ...`. */
export function faultLine(f: TemplateFault | DocumentFault): string {
  const where = 'field' in f ? f.field : f.path || 'document';
  const at = f.line === undefined ? '' : ` (line ${f.line}, column ${f.column ?? 1})`;
  return `${where}${at}: ${f.message}`;
}

/** The invalid_template error (422) for these faults, every one of them in `details.faults`. */
export function templateFaults(key: string | null, faults: (TemplateFault | DocumentFault)[]): AppError {
  const name = key === null ? 'template' : `template "${key}"`;
  return new AppError('invalid_template', `invalid ${name}: ${faults.map(faultLine).join('; ')}`, { faults });
}

/** A template document read and checked, or the invalid_template error of its faults. */
export function readTemplate(input: unknown, format?: 'yaml' | 'json'): TemplateDefinition {
  const read = templateFromDocument(input, format);
  if (!read.ok) throw templateFaults(null, read.faults);
  return read.template;
}

/**
 * Saves a template's draft for the API and the CLI: its Liquid checked first (a draft with an
 * unknown variable is refused, not kept to fail at send time), then created, or replacing the draft
 * of the template with its key when `replace` allows. A template's channel never changes.
 */
export async function saveTemplate(
  templates: TemplateStorage,
  workspaceId: number,
  t: TemplateDefinition,
  now: number,
  mode: 'create' | 'replace' | 'either',
): Promise<{ record: TemplateRecord; created: boolean }> {
  const check = await checkTemplate(t.content);
  if (!check.ok) throw templateFaults(t.key, check.faults);
  const existing = mode === 'create' ? null : await templates.get(workspaceId, t.key);
  if (existing) {
    if (existing.channel !== t.content.channel)
      throw new AppError(
        'conflict',
        `template "${t.key}" sends ${existing.channel}; make a new template for ${t.content.channel}`,
      );
    const record = await templates.saveDraft(workspaceId, t.key, t, now);
    if (record) return { record, created: false };
  }
  if (mode === 'replace') throw new AppError('not_found', `no template "${t.key}" in this workspace`);
  const record = await templates.create(workspaceId, t, now);
  if (!record)
    throw new AppError('conflict', `a template with key "${t.key}" already exists in this workspace`);
  return { record, created: true };
}

/**
 * Publishes a template's draft as its next version, compiled (MJML to HTML) so that the sender only
 * renders it; returns the version.
 */
export async function publishTemplate(
  templates: TemplateStorage,
  workspaceId: number,
  key: string,
  now: number,
): Promise<number> {
  const t = await templates.get(workspaceId, key);
  if (!t) throw new AppError('not_found', `no template "${key}" in this workspace`);
  const check = await checkTemplate(t.draft);
  if (!check.ok) throw templateFaults(key, check.faults);
  const version = await templates.publish(
    workspaceId,
    key,
    { content: t.draft, compiled: check.compiled },
    now,
  );
  if (version === null) throw new AppError('not_found', `no template "${key}" in this workspace`);
  return version;
}
