import type { AnalyticsSources, CustomerTime, TimeRange } from './analytics-store.ts';
import { type AttributionResult, computeAttribution, DEFAULT_LOOKBACK_MS } from './attribution.ts';
import { type CohortTable, computeCohorts } from './cohorts.ts';
import { computeJourneyMap, type JourneyStage } from './journey-map.ts';
import { computeLifecycleChart, type LifecyclePeriod } from './lifecycle-chart.ts';
import { nextPeriod, type PeriodUnit, periodFromIndex, periodIndex, periodStart } from './periods.ts';
import { computeStageFlow, type StageFlowResult } from './stage-flow.ts';

/** Channels that are not a marketing touch: navigation within the site, server calls, Loopline's own. */
const NOT_TOUCHES = new Set(['unassigned', 'web', 'internal']);

/** The reports' shared inputs: the range, its period, and the present (later cells are not observable). */
export type ReportRange = TimeRange & { unit: PeriodUnit; now: number };

/** The lifecycle stage keys of the workspace's active model in forward order; [] without a model. */
export async function lifecycleStages(store: AnalyticsSources, workspaceId: number): Promise<string[]> {
  const model = await store.engine.getModel(workspaceId);
  return model ? model.model.stages.filter((s) => s.kind === 'lifecycle').map((s) => s.key) : [];
}

/** The keys of the active model's lapse states (at risk, churned...), which churn counts; [] without a model. */
export async function lapseStages(store: AnalyticsSources, workspaceId: number): Promise<string[]> {
  const model = await store.engine.getModel(workspaceId);
  return model ? model.model.stages.filter((s) => s.kind === 'lapse').map((s) => s.key) : [];
}

/**
 * Activity of any kind in [from, to): per customer and week or month from the active-periods table when
 * the unit allows (one row per customer and period instead of every event), each dated the last
 * millisecond of its period so that it counts at or after any time in that period; per event for days.
 */
async function anyActivity(
  store: AnalyticsSources,
  workspaceId: number,
  unit: PeriodUnit,
  range: TimeRange,
): Promise<CustomerTime[]> {
  if (unit === 'day') return store.analytics.activity(workspaceId, range);
  const from = periodIndex(range.from, unit);
  const to = periodIndex(range.to - 1, unit) + 1;
  const rows = await store.analytics.activePeriods(workspaceId, unit, { from, to });
  const ends = new Map<number, number>();
  for (let p = from; p < to; p++) ends.set(p, periodFromIndex(p + 1, unit) - 1);
  return rows.map((r) => ({ c: r.c, t: ends.get(r.p)! }));
}

export type CohortQuery = {
  /** What puts a customer in a cohort: first seen, or their first event named `event` (e.g. a purchase). */
  cohort: { by: 'first_seen' } | { by: 'first_event'; event: string };
  /** What counts as coming back: any event, or events named `event` (their value is the revenue). */
  returnEvent: string | null;
  periods: number;
};

/** Retention and revenue cohorts of the customers whose cohort event falls in the range (see `computeCohorts`). */
export async function cohortReport(
  store: AnalyticsSources,
  workspaceId: number,
  range: ReportRange,
  q: CohortQuery,
): Promise<CohortTable> {
  const from = periodStart(range.from, range.unit);
  let end = periodStart(range.to - 1, range.unit);
  for (let k = 0; k < q.periods; k++) end = nextPeriod(end, range.unit);
  const until = Math.min(end, range.now + 1);
  const cohortRange = { from, to: range.to };
  const members: CustomerTime[] =
    q.cohort.by === 'first_seen'
      ? await store.analytics.firstSeen(workspaceId, cohortRange)
      : await store.analytics.firstOccurrences(workspaceId, q.cohort.event, cohortRange);
  const activity =
    q.returnEvent === null
      ? await anyActivity(store, workspaceId, range.unit, { from, to: until })
      : await store.analytics.namedEvents(workspaceId, [q.returnEvent], { from, to: until });
  return computeCohorts(
    members.map((m) => ({ c: m.c, t0: m.t })),
    activity,
    { unit: range.unit, periods: q.periods, from, to: range.to, now: range.now },
  );
}

/**
 * Conversions (events named `event`, valued by their monetary value) in the range credited to the
 * marketing touches of the same customer within the lookback before each: first, last and linear.
 */
export async function attributionReport(
  store: AnalyticsSources,
  workspaceId: number,
  range: TimeRange,
  q: { event: string; lookbackMs?: number },
): Promise<AttributionResult> {
  const lookbackMs = q.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  const conversions = await store.analytics.namedEvents(workspaceId, [q.event], range);
  const customers = [...new Set(conversions.map((r) => r.c))];
  const touches =
    customers.length === 0
      ? []
      : (
          await store.analytics.detailedEvents(workspaceId, {
            from: range.from - lookbackMs,
            to: range.to,
            customers,
          })
        ).filter((r) => r.channel !== null && !NOT_TOUCHES.has(r.channel));
  return computeAttribution(
    conversions.map((r) => ({ c: r.c, t: r.t, value: r.v ?? 0 })),
    touches.map((r) => ({ c: r.c, t: r.t, channel: r.channel, campaign: r.campaign })),
    { lookbackMs },
  );
}

/** New, returning, resurrecting and dormant customers per period (see `computeLifecycleChart`). */
export async function lifecycleChartReport(
  store: AnalyticsSources,
  workspaceId: number,
  range: ReportRange,
): Promise<LifecyclePeriod[]> {
  // The first period is judged against the one before it.
  const start = periodStart(range.from, range.unit);
  const before = periodStart(start - 1, range.unit);
  const activity = await anyActivity(store, workspaceId, range.unit, { from: before, to: range.to });
  const firstSeen = await store.analytics.firstSeen(workspaceId, { from: 0, to: range.to });
  return computeLifecycleChart(
    firstSeen.map((r) => ({ c: r.c, t0: r.t })),
    activity,
    { unit: range.unit, from: range.from, to: range.to },
  );
}

/**
 * Stage flow: moves per period, conversion between consecutive stages, time in stage and time to each
 * stage (see `computeStageFlow`). Moves after the range are read too, up to now: a customer who entered
 * a stage in the range and moved on later has converted.
 */
export async function stageFlowReport(
  store: AnalyticsSources,
  workspaceId: number,
  range: ReportRange,
): Promise<StageFlowResult & { stages: string[] }> {
  const stages = await lifecycleStages(store, workspaceId);
  const moves = await store.analytics.moves(workspaceId, { from: 0, to: range.now + 1 });
  return {
    stages,
    ...computeStageFlow(moves, { stages, from: range.from, to: range.to, unit: range.unit, now: range.now }),
  };
}

/** Touchpoints per stage and drop-off points over the range (see `computeJourneyMap`). */
export async function journeyMapReport(
  store: AnalyticsSources,
  workspaceId: number,
  range: ReportRange,
): Promise<{ stages: JourneyStage[] }> {
  const order = await lifecycleStages(store, workspaceId);
  const events = await store.analytics.detailedEvents(workspaceId, range);
  const moves = await store.analytics.moves(workspaceId, { from: range.from, to: range.now + 1 });
  return { stages: computeJourneyMap(events, moves, { stages: order, now: range.now }) };
}
