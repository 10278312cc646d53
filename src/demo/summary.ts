import {
  type CohortTable,
  cohortReport,
  funnelReport,
  type KpiResult,
  kpiReport,
} from '../analytics/index.ts';
import { DAY } from '../core/index.ts';
import type { Store } from '../storage/index.ts';

export type ChannelValue = { channel: string; buyers: number; revenuePerBuyer: number; cac: number | null };

/** What the demo shows in the terminal once loaded: the same figures the API serves. */
export type DemoSummary = {
  stages: { key: string; name: string; kind: string; customers: number }[];
  funnel: { event: string; customers: number }[];
  /** Monthly cohorts by first order: average share ordering again k months later. */
  cohorts: CohortTable;
  channels: ChannelValue[];
  kpis: KpiResult[];
};

const KPIS = [
  'orders',
  'revenue',
  'aov',
  'repeat_purchase_rate',
  'cac',
  'historical_clv',
  'predicted_clv',
  'ltv_cac',
];

/**
 * Stage sizes now, the business's funnel over the last 90 days (14-day window, in order; a trial lasts 7), first-order
 * cohorts over the history, and per acquisition channel: buyers, revenue per buyer and CAC.
 */
export async function demoSummary(
  store: Store,
  workspaceId: number,
  o: { funnel: readonly string[]; from: number; now: number },
): Promise<DemoSummary> {
  const { now } = o;
  // Stage sizes only: the model's stages in order with their counts (the overview would also compute
  // its KPIs, which the summary does not show).
  const [model, counts] = await Promise.all([
    store.engine.getModel(workspaceId),
    store.analytics.stageCounts(workspaceId),
  ]);
  const size = new Map(counts.map((c) => [c.stage, c.customers]));
  const funnel = await funnelReport(store, workspaceId, {
    steps: o.funnel.map((event) => ({ event })),
    order: 'ordered',
    windowMs: 14 * DAY,
    from: now - 90 * DAY,
    to: now,
  });
  const cohorts = await cohortReport(
    store,
    workspaceId,
    { from: o.from, to: now, unit: 'month', now },
    { cohort: { by: 'first_event', event: 'Order Completed' }, returnEvent: 'Order Completed', periods: 7 },
  );
  const { items: kpis } = await kpiReport(
    store,
    workspaceId,
    { from: o.from, to: now, unit: 'month', now },
    KPIS,
  );
  return {
    stages: (model?.model.stages ?? []).map((s) => ({
      key: s.key,
      name: s.name,
      kind: s.kind,
      customers: size.get(s.key) ?? 0,
    })),
    funnel: funnel.steps.map((step, k) => ({ event: o.funnel[k]!, customers: step.customers })),
    cohorts,
    channels: await channelValues(
      store,
      workspaceId,
      now,
      kpis.find((k) => k.id === 'cac'),
    ),
    kpis,
  };
}

/** Revenue per buyer by first-touch channel, beside the CAC KPI's breakdown by channel. */
async function channelValues(
  store: Store,
  workspaceId: number,
  now: number,
  cac: KpiResult | undefined,
): Promise<ChannelValue[]> {
  const days = await store.analytics.purchaseDays(workspaceId, 'Order Completed', now + 1);
  const revenue = new Map<number, number>();
  for (const d of days) revenue.set(d.c, (revenue.get(d.c) ?? 0) + d.v);
  const touches = await store.analytics.acquisitions(workspaceId, [...revenue.keys()]);
  const channelOf = new Map(touches.map((t) => [t.c, t.channel]));
  const byChannel = new Map<string, { buyers: number; revenue: number }>();
  for (const [c, v] of revenue) {
    const channel = channelOf.get(c) ?? 'direct';
    const row = byChannel.get(channel) ?? { buyers: 0, revenue: 0 };
    row.buyers++;
    row.revenue += v;
    byChannel.set(channel, row);
  }
  const cacOf = new Map(
    (cac?.breakdown ?? []).filter((b) => b.dimension === 'channel').map((b) => [b.key, b.value]),
  );
  return [...byChannel]
    .map(([channel, r]) => ({
      channel,
      buyers: r.buyers,
      revenuePerBuyer: r.revenue / r.buyers,
      cac: cacOf.get(channel) ?? null,
    }))
    .sort((a, b) => b.buyers - a.buyers);
}

const money = (v: number | null) => (v === null ? '—' : `$${v.toFixed(2)}`);
const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);

/** The summary as terminal text. */
export function formatSummary(s: DemoSummary): string {
  const out: string[] = ['Customers per stage now:'];
  for (const st of s.stages)
    out.push(`  ${st.name.padEnd(14)} ${String(st.customers).padStart(8)}  (${st.kind})`);
  out.push('\nFunnel, last 90 days (14-day window):');
  const first = s.funnel[0]?.customers ?? 0;
  for (const f of s.funnel) {
    out.push(
      `  ${f.event.padEnd(22)} ${String(f.customers).padStart(8)}  ${pct(first ? f.customers / first : null)}`,
    );
  }
  const retention = s.cohorts.average.retention.slice(1, 7).map(pct).join('  ');
  out.push(`\nBuyers ordering again 1..6 months after their first order (cohort average): ${retention}`);
  out.push('\nBy acquisition channel:            buyers  revenue/buyer        CAC');
  for (const c of s.channels) {
    out.push(
      `  ${c.channel.padEnd(30)} ${String(c.buyers).padStart(8)}  ${money(c.revenuePerBuyer).padStart(13)} ${money(c.cac).padStart(10)}`,
    );
  }
  out.push('\nWhole history:');
  for (const k of s.kpis) {
    const value =
      k.unit === 'money'
        ? money(k.value)
        : k.unit === 'ratio'
          ? (k.value?.toFixed(2) ?? '—')
          : String(k.value ?? '—');
    out.push(`  ${k.name.padEnd(40)} ${value}`);
  }
  return out.join('\n');
}
