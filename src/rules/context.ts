import type { JsonObject } from '../core/index.ts';
import type { EventSpec, PropertyFilter } from './ast.ts';

/**
 * What the engine knows of one event feature (the events matching a spec, and for aggregates one
 * numeric property of them). `since` is exclusive: an event at time t counts when t > since; null
 * means all time. Values of the property that are not finite numbers are left out of sum, min, max
 * and avg (but the events still count).
 */
export interface EventFacts {
  count(since: number | null): number;
  sum(since: number | null): number;
  min(since: number | null): number | null;
  max(since: number | null): number | null;
  avg(since: number | null): number | null;
  /** Timestamp of the first and last matching event, or null when there is none. */
  first(): number | null;
  last(): number | null;
  /**
   * The earliest time t > now at which an event counted in the window (now − windowMs, now] leaves
   * it (t = its timestamp + windowMs), or null when none will. Windowed figures only change then.
   */
  nextExit(windowMs: number, now: number): number | null;
}

/** Everything a rule can read about one customer at one moment. */
export interface RuleContext {
  readonly now: number;
  readonly traits: JsonObject;
  readonly firstSeen: number | null;
  /** Time of the customer's latest event of their own (not internal events such as Stage Entered). */
  readonly lastActivity: number | null;
  /** Key of the current stage before this evaluation, and when the customer entered it. */
  readonly stage: string | null;
  readonly stageSince: number | null;
  /** Keys of the segments the customer is in. */
  readonly segments: ReadonlySet<string>;
  readonly predictions: Readonly<Record<string, number>>;
  /** The facts of a feature by its key (`featureKey`); an empty feature when nothing was recorded. */
  events(key: string): EventFacts;
}

/** One feature a compiled rule reads: which events, which property, and how far back windows reach. */
export type FeatureNeed = {
  key: string;
  spec: EventSpec;
  /** The numeric property aggregated (sum, avg, min, max), or null when only counts and times are read. */
  property: string | null;
  /** The longest window over the feature's uses in ms, or null when only all-time figures are read. */
  horizonMs: number | null;
};

function canonicalFilter(f: PropertyFilter): unknown[] {
  if (f.op === 'in') return [f.property, f.op, f.values];
  if (f.op === 'exists') return [f.property, f.op];
  return [f.property, f.op, f.value];
}

/**
 * The stable key of a feature: the same spec and property give the same key whatever the order of
 * the filters, so that two rules share one feature.
 *
 * @example featureKey({ event: 'Order Completed' }, 'revenue') // '["Order Completed",[],"revenue"]'
 */
export function featureKey(spec: EventSpec, property: string | null): string {
  const filters = (spec.where ?? []).map(canonicalFilter).map((f) => JSON.stringify(f));
  filters.sort();
  return JSON.stringify([spec.event, filters.map((f) => JSON.parse(f)), property]);
}
