import { existsSync, readFileSync } from 'node:fs';
import { faultLine, publishTemplate, saveTemplate } from './manage-templates.ts';
import type { MessagingStorage } from './messaging-storage.ts';
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

/** The subscription topics the starter templates and ready-made journeys name, opted in by default. */
const STARTER_TOPICS: Record<string, { name: string; description: string }> = {
  onboarding: { name: 'Getting started', description: 'Tips and reminders while you get started' },
  promotions: {
    name: 'Offers and promotions',
    description: 'Discounts, offers and reminders about your cart',
  },
  newsletter: { name: 'Newsletter', description: 'News, new arrivals and product updates' },
  feedback: { name: 'Surveys and reviews', description: 'Requests for your opinion and reviews' },
  loyalty: { name: 'Rewards', description: 'Your rewards, tiers and referral offers' },
};

export type StarterPorts = {
  templates: TemplateStorage;
  messaging: Pick<MessagingStorage, 'topic' | 'write'>;
};

/**
 * Creates and publishes the starter templates among `templates` that the workspace does not have yet
 * (a template of its own by the same key is left as it is), and the starter topics among `topics` and
 * those templates' topics that it lacks; returns what it added.
 */
export async function installStarters(
  ports: StarterPorts,
  workspaceId: number,
  wanted: { templates: readonly string[]; topics: readonly string[] },
  now: number,
): Promise<{ templates: string[]; topics: string[] }> {
  const added = { templates: [] as string[], topics: [] as string[] };
  const topics = new Set(wanted.topics);
  for (const key of new Set(wanted.templates)) {
    const t = starterTemplate(key);
    if (!t || (await ports.templates.get(workspaceId, key))) continue;
    await saveTemplate(ports.templates, workspaceId, t, now, 'create');
    await publishTemplate(ports.templates, workspaceId, key, now);
    added.templates.push(key);
    if (t.topic !== null) topics.add(t.topic);
  }
  for (const key of topics) {
    const starter = STARTER_TOPICS[key];
    if (!starter || (await ports.messaging.topic(workspaceId, key))) continue;
    await ports.messaging.write((w) =>
      w.putTopic(workspaceId, { key, ...starter, defaultChoice: 'in' }, now),
    );
    added.topics.push(key);
  }
  return added;
}
