import type { MessageType } from '../core/index.ts';
import { type FeatureEvent, matchesSpec, readPath } from '../features/index.ts';
import type { EventSpec } from '../rules/index.ts';
import type { AnalyticsSources, DetailedEventRow } from './analytics-store.ts';
import {
  computeFunnel,
  type FunnelOrder,
  type FunnelResult,
  type FunnelRow,
  type FunnelSpec,
  funnelCustomers,
} from './funnel.ts';

/**
 * What a funnel's customers are grouped by: a property of their step-1 event, the stage they were in
 * then, that event's channel, the customer's first-touch (acquisition) channel, or their segments now.
 */
export type FunnelBreakdown =
  | { by: 'property'; property: string }
  | { by: 'stage' }
  | { by: 'channel' }
  | { by: 'acquisition' }
  | { by: 'segment' };

/** Breakdowns by who the customer is rather than by their step-1 event. */
const byCustomer = (b: FunnelBreakdown | undefined) => b?.by === 'segment' || b?.by === 'acquisition';

export type FunnelQuery = {
  steps: EventSpec[];
  order: FunnelOrder;
  windowMs: number;
  from: number;
  to: number;
  breakdown?: FunnelBreakdown;
};

const isNamed = (s: EventSpec) => !s.event.startsWith('$') && !(s.where?.length ?? 0);

const breakdownValue = (row: DetailedEventRow, b: FunnelBreakdown | undefined): string | null => {
  if (!b || byCustomer(b)) return null;
  if (b.by === 'stage') return row.stage;
  if (b.by === 'channel') return row.channel;
  const value = readPath(row.properties, b.property);
  return value === undefined || value === null
    ? null
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);
};

/**
 * The rows a funnel is computed from. Steps that name track events without filters, with no breakdown
 * by event, come from the name index alone; any other step (`$page`, `$any`, property filters) or
 * breakdown reads the events in detail. A strict funnel also needs every other event of the customers
 * who entered, to see what came between their steps.
 */
async function funnelRows(
  store: AnalyticsSources,
  workspaceId: number,
  q: FunnelQuery,
): Promise<FunnelRow[]> {
  const range = { from: q.from, to: q.to + q.windowMs };
  const byEvent = q.breakdown !== undefined && !byCustomer(q.breakdown);
  if (q.steps.every(isNamed) && !byEvent && q.order !== 'strict') {
    const bits = new Map<string, number>();
    for (const [k, s] of q.steps.entries()) bits.set(s.event, (bits.get(s.event) ?? 0) | (1 << k));
    const rows = await store.analytics.namedEvents(workspaceId, [...bits.keys()], range);
    return rows.map((r) => ({ c: r.c, t: r.t, m: bits.get(r.name!) ?? 0 }));
  }
  const properties = q.breakdown?.by === 'property' || q.steps.some((s) => (s.where?.length ?? 0) > 0);
  const names = q.steps.some((s) => s.event.startsWith('$'))
    ? undefined
    : [...new Set(q.steps.map((s) => s.event))];
  const toRow = (r: DetailedEventRow): FunnelRow => {
    const event: FeatureEvent = {
      type: r.type as MessageType,
      name: r.name,
      timestamp: r.t,
      properties: r.properties,
    };
    let m = 0;
    q.steps.forEach((s, k) => {
      if (matchesSpec(s, event)) m |= 1 << k;
    });
    return { c: r.c, t: r.t, m, b: breakdownValue(r, q.breakdown) };
  };
  const matched = (await store.analytics.detailedEvents(workspaceId, { ...range, names, properties })).map(
    toRow,
  );
  if (q.order !== 'strict') return matched.filter((r) => r.m !== 0);
  const entrants = [
    ...new Set(matched.filter((r) => r.m & 1 && r.t >= q.from && r.t < q.to).map((r) => r.c)),
  ];
  if (entrants.length === 0) return [];
  const all = await store.analytics.detailedEvents(workspaceId, {
    ...range,
    customers: entrants,
    properties,
  });
  return all.map(toRow);
}

const specOf = (q: FunnelQuery): FunnelSpec => ({
  steps: q.steps.length,
  order: q.order,
  windowMs: q.windowMs,
  from: q.from,
  to: q.to,
});

/** A funnel over the workspace's events, with its breakdown when asked (see `computeFunnel` for the definitions). */
export async function funnelReport(
  store: AnalyticsSources,
  workspaceId: number,
  q: FunnelQuery,
): Promise<FunnelResult> {
  const rows = await funnelRows(store, workspaceId, q);
  if (!byCustomer(q.breakdown)) {
    return computeFunnel(rows, specOf(q), q.breakdown ? { breakdown: 'event' } : {});
  }
  const entrants = [...new Set(rows.filter((r) => r.m & 1 && r.t >= q.from && r.t < q.to).map((r) => r.c))];
  if (q.breakdown?.by === 'segment') {
    return computeFunnel(rows, specOf(q), {
      breakdown: await store.analytics.customerSegments(workspaceId, entrants),
    });
  }
  // Customers with no marketing touch are left out of the map and land in '(none)'.
  const touches = await store.analytics.acquisitions(workspaceId, entrants);
  return computeFunnel(rows, specOf(q), { breakdown: new Map(touches.map((a) => [a.c, [a.channel]])) });
}

/** The customers who reached step `reached` and, when given, not step `notReached`, in id order. */
export async function funnelReportCustomers(
  store: AnalyticsSources,
  workspaceId: number,
  q: FunnelQuery,
  select: { reached: number; notReached?: number },
): Promise<number[]> {
  return funnelCustomers(await funnelRows(store, workspaceId, q), specOf(q), select);
}
