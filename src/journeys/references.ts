import { stageReferences } from '../lifecycle/index.ts';
import { compileRule } from '../rules/index.ts';
import { journeyRules } from './compile-journey.ts';
import type { JourneyDefinition } from './model.ts';

/** What a workspace has that a journey may name; a catalogue the workspace lacks (null) is not checked. */
export type Known = {
  segments: ReadonlySet<string>;
  /** The active lifecycle model's stage keys, or empty without a model. */
  stages: ReadonlySet<string>;
  /** The channel of each template with a published version, by key. */
  templates: ReadonlyMap<string, string> | null;
  /** Subscription topic keys. */
  topics: ReadonlySet<string> | null;
};

/**
 * Every reference of a journey that the workspace cannot honour, in words: a segment, stage,
 * template or topic it names that does not exist (a trigger that could never fire, a send that could
 * never render). Empty when all is well; checked when a journey is published.
 */
export function missingReferences(j: JourneyDefinition, known: Known): string[] {
  const out: string[] = [];
  const t = j.trigger;
  const segments = new Set<string>();
  const stages = new Set<string>();
  if (t.kind === 'segment' || t.kind === 'broadcast') segments.add(t.segment);
  if (t.kind === 'stage') stages.add(t.stage);
  for (const rule of journeyRules(j)) {
    for (const key of compileRule(rule).reads.segments) segments.add(key);
    for (const key of stageReferences(rule)) stages.add(key);
  }
  for (const key of segments) if (!known.segments.has(key)) out.push(`segment "${key}" does not exist`);
  for (const key of stages) {
    if (!known.stages.has(key)) {
      const have = known.stages.size
        ? `stages are ${[...known.stages].join(', ')}`
        : 'the workspace has no lifecycle model';
      out.push(`stage "${key}" is not a stage of the active model (${have})`);
    }
  }
  for (const node of j.nodes) {
    if (node.kind !== 'send') continue;
    const channel = known.templates?.get(node.template);
    if (known.templates && channel === undefined)
      out.push(`node "${node.id}": template "${node.template}" does not exist or has no published version`);
    else if (channel !== undefined && channel !== node.channel)
      out.push(`node "${node.id}": template "${node.template}" is for ${channel}, not ${node.channel}`);
    if (known.topics && node.topic !== null && !known.topics.has(node.topic))
      out.push(`node "${node.id}": topic "${node.topic}" does not exist`);
  }
  return out;
}
