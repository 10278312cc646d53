import { readFileSync } from 'node:fs';
import { formatModelError } from '../lifecycle/index.ts';
import { journeyFromDocument } from './journey-document.ts';
import type { JourneyDefinition } from './model.ts';

/** The ready-made journeys Loopline ships, each a YAML file in `templates/` beside this module. */
export const TEMPLATE_KEYS = [
  'welcome',
  'onboarding-tips',
  'abandoned-cart',
  'browse-abandonment',
  're-engagement',
  'win-back',
  'csat-after-support',
  'nps',
  'birthday',
  'loyalty-tier-up',
  'refer-a-friend',
  'review-request',
  'trial-ending',
] as const;

export const isTemplateKey = (key: string): boolean => (TEMPLATE_KEYS as readonly string[]).includes(key);

/**
 * A ready-made journey, fresh on each call so that a caller may adapt it.
 * @throws on an unknown key (the message lists them), or on a shipped file that does not validate.
 */
export function loadTemplate(key: string): JourneyDefinition {
  if (!isTemplateKey(key))
    throw new Error(`unknown journey template "${key}"; templates: ${TEMPLATE_KEYS.join(', ')}`);
  const result = journeyFromDocument(
    readFileSync(new URL(`./templates/${key}.yaml`, import.meta.url), 'utf8'),
  );
  if (!result.ok)
    throw new Error(
      `journey template "${key}" is invalid:\n${result.errors.map(formatModelError).join('\n')}`,
    );
  return result.journey;
}

/** What enrols a customer, in words, for pickers and the CLI. */
export function describeTrigger(j: JourneyDefinition): string {
  const t = j.trigger;
  switch (t.kind) {
    case 'event':
      return `performs ${t.event}${t.where.length ? ' (filtered)' : ''}`;
    case 'stage':
      return `${t.change} stage ${t.stage}`;
    case 'segment':
      return `${t.change} segment ${t.segment}`;
    case 'trait':
      return `trait ${t.trait} changes`;
    case 'date': {
      const offset =
        t.offsetDays === 0 ? 'on' : `${Math.abs(t.offsetDays)} days ${t.offsetDays < 0 ? 'before' : 'after'}`;
      return `${offset} their ${t.trait}${t.yearly ? ', every year' : ''}`;
    }
    case 'broadcast':
      return `broadcast to segment ${t.segment}${t.every ? `, every ${t.every.amount} ${t.every.unit}` : ''}`;
  }
}
