import { AppError } from '../core/index.ts';
import type { LifecycleModel } from '../lifecycle/index.ts';
import { compileRule, parseRule, type Rule, ruleFromJson } from '../rules/index.ts';
import type { Segment } from './segment-store.ts';

/**
 * Reads a segment rule from a request: rule text, or the canonical JSON node tree. A bad rule is a
 * 400 whose message says where (line and column, or JSON path) and what was expected; the details
 * carry the same fields for programs.
 */
export function readSegmentRule(input: unknown): Rule {
  const result = typeof input === 'string' ? parseRule(input) : ruleFromJson(input);
  if (!result.ok) throw new AppError('bad_request', `invalid rule: ${result.error.message}`, result.error);
  return result.rule;
}

/** The segment keys a rule reads with `in segment "…"`. */
export const segmentReads = (rule: Rule): string[] => compileRule(rule).reads.segments;

/**
 * Refuses a rule for segment `key` that names a segment the workspace does not have, the segment
 * itself, or a segment whose rule leads back to it: the engine decides each segment from the
 * memberships of the pass before, so a cycle would never settle.
 */
export function checkSegmentReferences(key: string, rule: Rule, segments: readonly Segment[]): void {
  const reads = segmentReads(rule);
  if (reads.includes(key)) {
    throw new AppError(
      'bad_request',
      `invalid rule: segment "${key}" cannot be defined by its own membership`,
    );
  }
  const byKey = new Map(segments.map((s) => [s.key, s]));
  const unknown = reads.filter((k) => !byKey.has(k));
  if (unknown.length > 0) {
    const names = unknown.map((k) => `"${k}"`).join(', ');
    throw new AppError('bad_request', `invalid rule: no segment ${names} in this workspace; create it first`);
  }
  const readsOf = (k: string): string[] => {
    if (k === key) return reads;
    const rule = byKey.get(k)?.rule;
    return rule ? segmentReads(rule) : [];
  };
  const path = cycleThrough(key, readsOf);
  if (path) {
    throw new AppError(
      'bad_request',
      `invalid rule: segments would depend on each other: ${path.join(' → ')}`,
    );
  }
}

/** A path of reads from `start` back to itself, or null when there is none. */
function cycleThrough(start: string, readsOf: (key: string) => string[]): string[] | null {
  const seen = new Set<string>();
  const walk = (key: string, path: string[]): string[] | null => {
    for (const next of readsOf(key)) {
      if (next === start) return [...path, next];
      if (seen.has(next)) continue;
      seen.add(next);
      const found = walk(next, [...path, next]);
      if (found) return found;
    }
    return null;
  };
  return walk(start, [start]);
}

/**
 * What would lose meaning if segment `key` went away: other segments' rules and lifecycle stages
 * that use `in segment "key"`, in words.
 */
export function usesOfSegment(
  key: string,
  segments: readonly Segment[],
  model: LifecycleModel | null,
): string[] {
  const uses: string[] = [];
  for (const s of segments) {
    if (s.key !== key && s.rule && segmentReads(s.rule).includes(key)) uses.push(`segment "${s.key}"`);
  }
  for (const stage of model?.stages ?? []) {
    if (segmentReads(stage.rule).includes(key)) uses.push(`lifecycle stage "${stage.key}"`);
  }
  return uses;
}
