import type { StoredModel } from '../engine/index.ts';
import type { StageKind } from '../lifecycle/index.ts';
import type { AnalyticsSources, MoveRow } from './analytics-store.ts';
import { analyticsSettings, computeKpis, type KpiResult } from './kpis/index.ts';
import { memoStorage } from './memo-storage.ts';
import type { ReportRange } from './reports.ts';
import { computeStageFlow } from './stage-flow.ts';

/** The KPIs the overview shows beside the stages: one or two per family of the catalog. */
export const OVERVIEW_KPIS = [
  'active_customers',
  'leads',
  'new_customers',
  'orders',
  'revenue',
  'aov',
  'repeat_purchase_rate',
  'churn_rate',
  'nps',
] as const;

export type OverviewStage = {
  key: string;
  name: string;
  kind: StageKind;
  /** Customers in the stage now. */
  customers: number;
  /** Moves into and out of the stage in the range. */
  entered: number;
  exited: number;
  /** Of the customers who entered the stage in the range, the share who reached the next lifecycle stage by now. */
  toNextRate: number | null;
};

export type Overview = { stages: OverviewStage[]; kpis: KpiResult[] };

/**
 * The stage KPI overview: every stage of the active model with its size now, its entries and exits in
 * the range and its conversion to the next stage, beside the headline KPIs of the range. Reads only the
 * stage counts, the moves since the range began, and what those KPIs need.
 */
export async function overviewReport(
  store: AnalyticsSources,
  workspaceId: number,
  range: ReportRange,
): Promise<Overview> {
  // The churn KPI reads the same stage counts and moves (from the range's start on): read them once.
  const analytics = memoStorage(store.analytics);
  const config = Promise.all([
    store.engine.getModel(workspaceId),
    analytics.settings(workspaceId).then(analyticsSettings),
  ]);
  const moves = analytics.moves(workspaceId, { from: range.from, to: Number.MAX_SAFE_INTEGER });
  // Everything is asked for at once and each part is worked out as its rows arrive, so the database
  // answers the KPIs' reads while this thread goes through the moves, rather than after (PostgreSQL,
  // bench/analytics: the moves alone kept it idle for a quarter of the report).
  const [[model], counts, movement, kpis] = await Promise.all([
    config,
    analytics.stageCounts(workspaceId),
    Promise.all([config, moves]).then(([[model], rows]) => stageMovement(model, rows, range)),
    config.then(([model, settings]) =>
      computeKpis(analytics, workspaceId, {
        ...range,
        ids: OVERVIEW_KPIS,
        settings,
        lapseStages: (model?.model.stages ?? []).filter((s) => s.kind === 'lapse').map((s) => s.key),
      }),
    ),
  ]);
  const stages = model?.model.stages ?? [];
  const size = new Map(counts.map((c) => [c.stage, c.customers]));
  const { entered, exited, conversion } = movement;
  return {
    stages: stages.map((s) => ({
      key: s.key,
      name: s.name,
      kind: s.kind,
      customers: size.get(s.key) ?? 0,
      entered: entered.get(s.key) ?? 0,
      exited: exited.get(s.key) ?? 0,
      toNextRate: conversion.get(s.key) ?? null,
    })),
    kpis,
  };
}

/** Entries, exits and conversion to the next stage per stage, from the moves since the range began. */
function stageMovement(model: StoredModel | null, moves: MoveRow[], range: ReportRange) {
  const order = (model?.model.stages ?? []).filter((s) => s.kind === 'lifecycle').map((s) => s.key);
  // Conversion only needs moves from the range on: whoever entered in it, and where they went after.
  const flow = computeStageFlow(moves, {
    stages: order,
    from: range.from,
    to: range.to,
    unit: range.unit,
    now: range.now,
  });
  const entered = new Map<string, number>();
  const exited = new Map<string, number>();
  for (const m of moves) {
    if (m.at >= range.to || m.at > range.now) continue;
    entered.set(m.to, (entered.get(m.to) ?? 0) + 1);
    if (m.from !== null) exited.set(m.from, (exited.get(m.from) ?? 0) + 1);
  }
  return { entered, exited, conversion: new Map(flow.conversion.map((c) => [c.stage, c.toNextRate])) };
}
