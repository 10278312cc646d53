import { type EventSpec, type Rule, type Span, spanMs } from './ast.ts';
import { type FeatureNeed, featureKey } from './context.ts';

/**
 * The event features a rule reads, one per feature key in order of first use: counts (`performed`),
 * aggregates of a property, and first/last times (`since`). A feature used with several windows keeps
 * the longest; its horizon is null only when every use is all-time.
 */
export function collectNeeds(rule: Rule): FeatureNeed[] {
  const byKey = new Map<string, FeatureNeed>();
  const add = (spec: EventSpec, property: string | null, window: Span | null) => {
    const key = featureKey(spec, property);
    const horizon = window === null ? null : spanMs(window);
    const seen = byKey.get(key);
    if (seen === undefined) byKey.set(key, { key, spec, property, horizonMs: horizon });
    else if (horizon !== null && (seen.horizonMs === null || horizon > seen.horizonMs))
      seen.horizonMs = horizon;
  };
  walk(rule, (leaf) => {
    if (leaf.kind === 'performed') add(leaf.event, null, leaf.window);
    else if (leaf.kind === 'aggregate') add(leaf.event, leaf.property, leaf.window);
    else if (leaf.kind === 'since' && (leaf.of.kind === 'first' || leaf.of.kind === 'last')) {
      add(leaf.of.event, null, null);
    }
  });
  return [...byKey.values()];
}

/** The customer state a rule reads besides traits and events: stage, segment keys, prediction names. */
export function collectReads(rule: Rule): { stage: boolean; segments: string[]; predictions: string[] } {
  let stage = false;
  const segments = new Set<string>();
  const predictions = new Set<string>();
  walk(rule, (leaf) => {
    if (leaf.kind === 'stage' || leaf.kind === 'inStage') stage = true;
    else if (leaf.kind === 'segment') segments.add(leaf.segment);
    else if (leaf.kind === 'prediction') predictions.add(leaf.name);
  });
  return { stage, segments: [...segments], predictions: [...predictions] };
}

function walk(rule: Rule, visit: (leaf: Rule) => void): void {
  if (rule.kind === 'and' || rule.kind === 'or') for (const r of rule.rules) walk(r, visit);
  else if (rule.kind === 'not') walk(rule.rule, visit);
  else visit(rule);
}
