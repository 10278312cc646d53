import type { Message } from '../ingest/message.ts';
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

/**
 * Gives each message its channel and touchpoint, stored with the event so that the journey map and
 * analytics can group by them. Runs where the payload is still an object (the HTTP thread, the
 * importer), so the writer never parses it again.
 */
export function classifyMessages(messages: Message[], config: TouchpointConfig | undefined): void {
  const { classify } = classifierFor(config);
  for (const m of messages) {
    const t = classify(m);
    m.channel = t.channel;
    m.touchpoint = t.touchpoint;
  }
}
