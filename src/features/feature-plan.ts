import { createHash } from 'node:crypto';
import type { FeatureNeed } from '../rules/index.ts';
import { Feature } from './feature.ts';
import { type FeatureEvent, matchesEventName, matchesSpec, numericProperty } from './match.ts';

/** The message types and track event names whose events can feed some feature. */
export type LogFilter = { types: string[]; names: string[] };

/** A customer's features by key. */
export type FeatureMap = Map<string, Feature>;

const EMPTY = new Feature(false);

/**
 * Which features a workspace keeps and how each event feeds them: compiled once from the needs of
 * the active lifecycle model and segments. `signature` names the set; features built under another
 * signature are rebuilt from the event log before use.
 */
export class FeaturePlan {
  readonly needs: readonly FeatureNeed[];
  readonly signature: string;
  readonly #byName = new Map<string, FeatureNeed[]>();
  readonly #byKey = new Map<string, FeatureNeed>();
  #logFilter: LogFilter | null | undefined;

  /** Needs may repeat a key (the model and a segment count the same events): they merge into one. */
  constructor(needs: readonly FeatureNeed[]) {
    this.needs = mergeNeeds(needs).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const text = JSON.stringify(this.needs.map((n) => [n.key, n.horizonMs]));
    this.signature = createHash('sha256').update(text).digest('base64url').slice(0, 16);
    for (const need of this.needs) {
      this.#byKey.set(need.key, need);
      const bucket = this.#byName.get(need.spec.event) ?? [];
      bucket.push(need);
      this.#byName.set(need.spec.event, bucket);
    }
  }

  /**
   * Which events of a log can feed the plan's features: message types (for `$page`, ...) and track
   * event names, or null when some feature counts any event. A rebuild reads only these.
   */
  get logFilter(): LogFilter | null {
    if (this.#logFilter !== undefined) return this.#logFilter;
    const types = new Set<string>();
    const names = new Set<string>();
    let all = false;
    for (const event of this.#byName.keys()) {
      if (event === '$any') all = true;
      else if (event.startsWith('$')) types.add(event.slice(1));
      else names.add(event);
    }
    this.#logFilter = all ? null : { types: [...types], names: [...names] };
    return this.#logFilter;
  }

  /**
   * True when a feature that counts events of this type and name reads their properties (a filter or
   * an aggregated property); the others are counted from type, name and time alone.
   */
  needsPayload(type: FeatureEvent['type'], name: string | null): boolean {
    for (const needs of this.#byName.values()) {
      if (!matchesEventName(needs[0]!.spec, type, name)) continue;
      if (needs.some((n) => n.property !== null || (n.spec.where?.length ?? 0) > 0)) return true;
    }
    return false;
  }

  /** True when some feature may count an event of this type and name: the others are skipped unread. */
  wants(type: FeatureEvent['type'], name: string | null): boolean {
    for (const needs of this.#byName.values()) {
      if (matchesEventName(needs[0]!.spec, type, name)) return true;
    }
    return false;
  }

  /** Feeds one event to the features that count it, creating them as needed. */
  apply(features: FeatureMap, event: FeatureEvent, now: number): void {
    for (const needs of this.#byName.values()) {
      if (!matchesEventName(needs[0]!.spec, event.type, event.name)) continue;
      for (const need of needs) {
        if (!matchesSpec(need.spec, event)) continue;
        let feature = features.get(need.key);
        if (!feature) {
          feature = new Feature(need.property !== null);
          features.set(need.key, feature);
        }
        const value = need.property === null ? null : numericProperty(event, need.property);
        feature.add(event.timestamp, value, need.horizonMs, now);
      }
    }
  }

  /** Drops entries past each feature's horizon and features the plan no longer has. */
  prune(features: FeatureMap, now: number): void {
    for (const [key, feature] of features) {
      const need = this.#byKey.get(key);
      if (!need) features.delete(key);
      else feature.prune(need.horizonMs, now);
    }
  }

  /** A feature for reading: the customer's own, or an empty one. */
  read(features: FeatureMap, key: string): Feature {
    return features.get(key) ?? EMPTY;
  }
}

function mergeNeeds(needs: readonly FeatureNeed[]): FeatureNeed[] {
  const byKey = new Map<string, FeatureNeed>();
  for (const need of needs) {
    const seen = byKey.get(need.key);
    if (!seen) byKey.set(need.key, need);
    else if (need.horizonMs !== null && (seen.horizonMs === null || need.horizonMs > seen.horizonMs)) {
      byKey.set(need.key, { ...seen, horizonMs: need.horizonMs });
    }
  }
  return [...byKey.values()];
}
