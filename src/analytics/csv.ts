import type { SpendRow } from './analytics-store.ts';
import type { AttributionResult } from './attribution.ts';
import type { CohortTable } from './cohorts.ts';
import type { FunnelResult } from './funnel.ts';
import type { JourneyStage } from './journey-map.ts';
import type { KpiResult } from './kpis/index.ts';
import type { LifecyclePeriod } from './lifecycle-chart.ts';
import type { StageFlowResult } from './stage-flow.ts';

/**
 * Every report as a CSV table (RFC 4180: quoted fields where needed, CRLF line ends), one function per
 * report, shared by the API's `?format=csv` and the CLI, so both print the same table.
 */

/** A CSV field: quoted when it holds a comma, quote or line break. */
function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of objects as CSV with the given columns, header first. */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** KPI values: a row for the whole range, then one per period. */
export function kpiCsv(items: KpiResult[]): string {
  const rows = items.flatMap((k) => [
    { kpi: k.id, unit: k.unit, period: '(range)', value: k.value },
    ...k.series.map((p) => ({ kpi: k.id, unit: k.unit, period: p.label, value: p.value })),
  ]);
  return toCsv(['kpi', 'unit', 'period', 'value'], rows);
}

/** Each step of the funnel, for all customers first and then for each breakdown group. */
export function funnelCsv(result: FunnelResult): string {
  const groups = [{ key: '(all)', steps: result.steps }, ...(result.groups ?? [])];
  const rows = groups.flatMap((g) =>
    g.steps.map((s) => ({
      group: g.key,
      step: s.step,
      customers: s.customers,
      conversionFromPrevious: s.conversionFromPrevious,
      conversionFromFirst: s.conversionFromFirst,
      dropOff: s.dropOff,
      medianMsFromPrevious: s.timeFromPrevious.median,
    })),
  );
  const columns = [
    'group',
    'step',
    'customers',
    'conversionFromPrevious',
    'conversionFromFirst',
    'dropOff',
    'medianMsFromPrevious',
  ];
  return toCsv(columns, rows);
}

/** One row per cohort with its retention per period (p0, p1, ...). */
export function cohortCsv(table: CohortTable): string {
  const periods = Array.from({ length: table.periods }, (_, k) => `p${k}`);
  const rows = table.cohorts.map((c) => ({
    cohort: c.label,
    size: c.size,
    ...Object.fromEntries(periods.map((p, k) => [p, c.retention[k]])),
  }));
  return toCsv(['cohort', 'size', ...periods], rows);
}

/** The credit of every model, channels then campaigns. */
export function attributionCsv(result: AttributionResult): string {
  const rows = Object.entries(result.models).flatMap(([model, credit]) =>
    (['channels', 'campaigns'] as const).flatMap((dimension) =>
      credit[dimension].map((c) => ({ model, dimension: dimension.slice(0, -1), ...c })),
    ),
  );
  return toCsv(['model', 'dimension', 'key', 'conversions', 'revenue'], rows);
}

export function lifecycleChartCsv(periods: LifecyclePeriod[]): string {
  return toCsv(['label', 'new', 'returning', 'resurrecting', 'dormant', 'active'], periods);
}

/** The moves between stages per period. */
export function stageFlowCsv(flow: StageFlowResult): string {
  const rows = flow.periods.flatMap((p) => p.links.map((l) => ({ period: p.label, ...l })));
  return toCsv(['period', 'from', 'to', 'count'], rows);
}

/** Every touchpoint of every stage with how many went on to the next stage and later ones. */
export function journeyMapCsv(map: { stages: JourneyStage[] }): string {
  const rows = map.stages.flatMap((st) => st.touchpoints.map((t) => ({ stage: st.stage, ...t })));
  const columns = [
    'stage',
    'touchpoint',
    'events',
    'customers',
    'toNext',
    'toNextRate',
    'toLater',
    'toLaterRate',
  ];
  return toCsv(columns, rows);
}

/** Marketing spend rows, the day as YYYY-MM-DD. */
export function spendCsv(rows: SpendRow[]): string {
  const view = rows.map((r) => ({ ...r, day: new Date(r.day).toISOString().slice(0, 10) }));
  return toCsv(['day', 'channel', 'campaign', 'amount', 'impressions', 'clicks'], view);
}
