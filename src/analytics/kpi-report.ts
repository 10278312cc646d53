import { AppError } from '../core/index.ts';
import type { AnalyticsSources, TimeRange } from './analytics-store.ts';
import {
  analyticsSettings,
  COMPUTED_KPIS,
  computeKpis,
  KPI_STAGES,
  type KpiResult,
  kpiDefinition,
} from './kpis/index.ts';
import type { Unit } from './range.ts';
import { lapseStages } from './reports.ts';

export type KpiReport = { from: string; to: string; unit: Unit; items: KpiResult[] };

/**
 * The KPI ids asked for (a comma-separated list, a stage family, or every computed KPI), checked
 * against the catalog: an unknown id or family is a 400 that names the way to the catalog.
 */
export function selectKpis(q: { ids?: string; stage?: string }): string[] {
  let ids = [...COMPUTED_KPIS];
  if (q.stage !== undefined) {
    if (!(KPI_STAGES as readonly string[]).includes(q.stage)) {
      throw new AppError('bad_request', `unknown stage family "${q.stage}"; known: ${KPI_STAGES.join(', ')}`);
    }
    const stage = q.stage;
    ids = ids.filter((id) => (kpiDefinition(id)!.stages as readonly string[]).includes(stage));
  }
  if (q.ids !== undefined) {
    const asked = q.ids
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const id of asked) {
      const def = kpiDefinition(id);
      if (!def)
        throw new AppError(
          'bad_request',
          `unknown KPI "${id}" (GET /api/v1/analytics/kpis/catalog or loopline analytics catalog lists them)`,
        );
      if (def.see) throw new AppError('bad_request', `KPI "${id}" comes from /api/v1/analytics/${def.see}`);
    }
    ids = ids.filter((id) => asked.includes(id));
  }
  return ids;
}

/** KPI values over a range and per period, under the workspace's analytics settings: what the API and CLI show. */
export async function kpiReport(
  store: AnalyticsSources,
  workspaceId: number,
  range: TimeRange & { unit: Unit; now: number },
  ids: string[],
): Promise<KpiReport> {
  const [overrides, lapse] = await Promise.all([
    store.analytics.settings(workspaceId),
    lapseStages(store, workspaceId),
  ]);
  const items = await computeKpis(store.analytics, workspaceId, {
    ...range,
    ids,
    settings: analyticsSettings(overrides),
    lapseStages: lapse,
  });
  return {
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    unit: range.unit,
    items,
  };
}
