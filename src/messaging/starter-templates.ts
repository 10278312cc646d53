import { existsSync, readFileSync } from 'node:fs';
import { faultLine, publishTemplate, saveTemplate } from './manage-templates.ts';
import type { TemplateStorage } from './template-storage.ts';
import { TEMPLATE_KEY } from './templates/index.ts';
import { type TemplateDefinition, templateFromDocument } from './templates/template-document.ts';

/**
 * The message templates the ready-made journeys send, one YAML file each in `starter-templates/`
 * beside this module: a workspace that starts from a ready-made journey gets the ones it lacks.
 */
export function starterTemplate(key: string): TemplateDefinition | null {
  if (!TEMPLATE_KEY.test(key)) return null;
  const file = new URL(`./starter-templates/${key}.yaml`, import.meta.url);
  if (!existsSync(file)) return null;
  const read = templateFromDocument(readFileSync(file, 'utf8'), 'yaml');
  if (!read.ok)
    throw new Error(`starter template "${key}" is invalid: ${read.faults.map(faultLine).join('; ')}`);
  return read.template;
}

/**
 * Creates and publishes the starter templates among `keys` that the workspace does not have yet (a
 * template of its own by the same key is left as it is); returns the keys it added.
 */
export async function installStarterTemplates(
  templates: TemplateStorage,
  workspaceId: number,
  keys: readonly string[],
  now: number,
): Promise<string[]> {
  const added: string[] = [];
  for (const key of new Set(keys)) {
    const t = starterTemplate(key);
    if (!t || (await templates.get(workspaceId, key))) continue;
    await saveTemplate(templates, workspaceId, t, now, 'create');
    await publishTemplate(templates, workspaceId, key, now);
    added.push(key);
  }
  return added;
}
