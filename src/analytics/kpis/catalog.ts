import { FUNNEL_KPIS } from './catalog-funnel.ts';
import { RELATIONSHIP_KPIS } from './catalog-relationship.ts';
import type { InputName } from './kpi-inputs.ts';
import type { KpiStage } from './kpi-stages.ts';
import { type AnalyticsSettings, DEFAULT_ANALYTICS_SETTINGS } from './settings.ts';

export { KPI_STAGES, type KpiStage } from './kpi-stages.ts';

/** Ratios are 0..1 (shares, not percentages); scores are NPS (−100..100) and mean ratings. */
export type KpiUnit = 'count' | 'ratio' | 'money' | 'duration_ms' | 'score';

export type KpiDefinition = {
  id: string;
  name: string;
  stages: KpiStage[];
  unit: KpiUnit;
  /** What it computes, exactly, in plain words, with the workspace's settings filled in. */
  formula: (s: AnalyticsSettings) => string;
  /** The event names it reads. */
  events: (s: AnalyticsSettings) => string[];
  /** The inputs it loads (see KpiInputs). */
  needs: InputName[];
  /** The dimensions of its breakdown, when it has one. */
  breakdown?: string[];
  /** Computed by another analysis (e.g. 'stage-flow'), not by computeKpis. */
  see?: string;
};

/**
 * Every KPI of the product's table, one definition each. Where a KPI has several usual definitions the
 * formula says which one this is; thresholds and windows come from the workspace's AnalyticsSettings.
 */
export const KPI_CATALOG: readonly KpiDefinition[] = [...FUNNEL_KPIS, ...RELATIONSHIP_KPIS];

const BY_ID = new Map(KPI_CATALOG.map((d) => [d.id, d]));

/** The definition of a KPI, or undefined. */
export function kpiDefinition(id: string): KpiDefinition | undefined {
  return BY_ID.get(id);
}

/** A definition with the workspace's settings filled in, as the API lists it. */
export type KpiDescription = Omit<KpiDefinition, 'formula' | 'events'> & {
  formula: string;
  events: string[];
};

/** The catalog described with these settings (the defaults when absent). */
export function describeKpis(settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS): KpiDescription[] {
  return KPI_CATALOG.map((d) => ({
    ...d,
    formula: d.formula(settings),
    events: [...new Set(d.events(settings))],
  }));
}
