import type { Json, Message } from '../core/index.ts';
import { compileTouchpointRules, type TouchpointClassifier } from './classify.ts';
import type { TouchpointConfig } from './schema.ts';

const compiled = new Map<string, TouchpointClassifier>();
const MAX_COMPILED = 1000;

/** The classifier for a workspace's configuration, compiled once per distinct configuration. */
function classifierFor(config: TouchpointConfig | undefined): TouchpointClassifier {
  const key = config === undefined ? '' : JSON.stringify(config);
  let classifier = compiled.get(key);
  if (!classifier) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    classifier = compileTouchpointRules(config);
    compiled.set(key, classifier);
  }
  return classifier;
}

/** A finite number, or a string that is exactly one (some senders quote their amounts). */
function amount(value: Json | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/**
 * The monetary value of a track event as Segment's e-commerce spec names it: `revenue`, else `total`,
 * else `value` among its properties; undefined when it has none.
 */
export function eventValue(m: Pick<Message, 'type' | 'payload'>): number | undefined {
  if (m.type !== 'track') return undefined;
  const p = m.payload.properties;
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return undefined;
  return amount(p.revenue) ?? amount(p.total) ?? amount(p.value);
}

/**
 * Gives each message its channel, touchpoint, campaign and monetary value, stored with the event so that the journey map and
 * analytics can group by them. Runs where the payload is still an object (the HTTP thread, the
 * importer), so the writer never parses it again.
 */
export function classifyMessages(messages: Message[], config: TouchpointConfig | undefined): void {
  const { classify } = classifierFor(config);
  for (const m of messages) {
    const t = classify(m);
    m.channel = t.channel;
    m.touchpoint = t.touchpoint;
    if (t.campaign !== undefined) m.campaign = t.campaign;
    const value = eventValue(m);
    if (value !== undefined) m.value = value;
  }
}
