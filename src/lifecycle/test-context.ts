export { DAY, MINUTE } from '../core/index.ts';

import type { EventFacts, EventSpec, FeatureNeed, PropertyFilter, RuleContext } from '../rules/index.ts';

/** Test support: a hand-built RuleContext over a short list of events, as the engine would supply it. */

/** One of a test customer's events. `$page` and `$screen` stand for page and screen views. */
export type TestEvent = { event: string; t: number; properties?: Record<string, unknown> };

/** What a test knows of a customer; the stage fields are the stage before the evaluation. */
export type TestCustomer = {
  events?: readonly TestEvent[];
  traits?: RuleContext['traits'];
  stage?: string | null;
  stageSince?: number | null;
  segments?: readonly string[];
  predictions?: Record<string, number>;
};

/** A point of a feature: the time of a matching event and the value of the aggregated property. */
export type Point = { t: number; v: unknown };

/** EventFacts over a list of points, with the window semantics of `context.ts` (`since` exclusive). */
export function factsOf(points: readonly Point[]): EventFacts {
  const sorted = [...points].sort((a, b) => a.t - b.t);
  const inWindow = (since: number | null) => sorted.filter((p) => since === null || p.t > since);
  const numbers = (since: number | null) =>
    inWindow(since)
      .map((p) => p.v)
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return {
    count: (since) => inWindow(since).length,
    sum: (since) => numbers(since).reduce((a, b) => a + b, 0),
    min: (since) => (numbers(since).length ? Math.min(...numbers(since)) : null),
    max: (since) => (numbers(since).length ? Math.max(...numbers(since)) : null),
    avg: (since) => {
      const ns = numbers(since);
      return ns.length ? ns.reduce((a, b) => a + b, 0) / ns.length : null;
    },
    first: () => sorted[0]?.t ?? null,
    last: () => sorted.at(-1)?.t ?? null,
    nextExit: (windowMs, now) => {
      // The oldest event still inside the window is the next to leave it.
      const oldest = sorted.find((p) => p.t > now - windowMs && p.t <= now);
      return oldest ? oldest.t + windowMs : null;
    },
  };
}

function valueAt(properties: Record<string, unknown> | undefined, path: string): unknown {
  let value: unknown = properties;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function filterHolds(f: PropertyFilter, properties: Record<string, unknown> | undefined): boolean {
  const v = valueAt(properties, f.property);
  if (f.op === 'exists') return v !== undefined && v !== null;
  if (f.op === 'in') return f.values.includes(v as never);
  if (f.op === 'contains')
    return typeof v === 'string' ? v.includes(f.value) : Array.isArray(v) && v.includes(f.value);
  if (f.op === 'eq') return v === f.value;
  if (f.op === 'ne') return v !== f.value;
  if (typeof v !== typeof f.value || (typeof v !== 'number' && typeof v !== 'string')) return false;
  const [a, b] = [v as number, f.value as number];
  return f.op === 'lt' ? a < b : f.op === 'lte' ? a <= b : f.op === 'gt' ? a > b : a >= b;
}

function matches(spec: EventSpec, e: TestEvent): boolean {
  if (spec.event !== '$any' && spec.event !== e.event) return false;
  return (spec.where ?? []).every((f) => filterHolds(f, e.properties));
}

/**
 * The context of a customer at `now`: only events up to `now` are visible, and each feature the
 * model needs is answered from the events its spec matches.
 */
export function testContext(now: number, needs: readonly FeatureNeed[], customer: TestCustomer): RuleContext {
  const events = (customer.events ?? []).filter((e) => e.t <= now);
  const times = events.map((e) => e.t);
  const byKey = new Map(needs.map((n) => [n.key, n]));
  return {
    now,
    traits: customer.traits ?? {},
    firstSeen: times.length ? Math.min(...times) : null,
    lastActivity: times.length ? Math.max(...times) : null,
    stage: customer.stage ?? null,
    stageSince: customer.stageSince ?? null,
    segments: new Set(customer.segments ?? []),
    predictions: customer.predictions ?? {},
    events(key) {
      const need = byKey.get(key);
      if (!need) return factsOf([]);
      const points = events
        .filter((e) => matches(need.spec, e))
        .map((e) => ({ t: e.t, v: need.property === null ? null : valueAt(e.properties, need.property) }));
      return factsOf(points);
    },
  };
}
