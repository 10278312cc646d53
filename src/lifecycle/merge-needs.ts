import type { CompiledRule, FeatureNeed } from '../rules/index.ts';

/** The customer state rules read besides traits and events. */
export type Reads = CompiledRule['reads'];

/**
 * The event features of several rules as one list, one entry per key: a feature read by two rules is
 * kept once, with the longer horizon. The horizon is null only when no use of it is windowed, since
 * the all-time figures (counts, first and last) are kept whatever the horizon.
 */
export function mergeNeeds(lists: readonly (readonly FeatureNeed[])[]): FeatureNeed[] {
  const byKey = new Map<string, FeatureNeed>();
  for (const need of lists.flat()) {
    const seen = byKey.get(need.key);
    if (seen === undefined) byKey.set(need.key, { ...need });
    else if (need.horizonMs !== null && (seen.horizonMs === null || need.horizonMs > seen.horizonMs)) {
      seen.horizonMs = need.horizonMs;
    }
  }
  return [...byKey.values()];
}

/** The union of what several rules read: the stage if any does, every segment and prediction named. */
export function mergeReads(list: readonly Reads[]): Reads {
  return {
    stage: list.some((r) => r.stage),
    segments: [...new Set(list.flatMap((r) => r.segments))],
    predictions: [...new Set(list.flatMap((r) => r.predictions))],
  };
}
