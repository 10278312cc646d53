import type { KpiInputs } from './kpi-inputs.ts';
import type { AnalyticsSettings } from './settings.ts';
import type { KpiValues, Slots } from './slots.ts';

/** What a KPI is computed with: the periods, the settings, and the inputs its catalog entry lists. */
export type KpiContext = {
  slots: Slots;
  settings: AnalyticsSettings;
  inputs: KpiInputs;
  /** The model's lapse stages (the default churn stages). */
  lapseStages: readonly string[];
};

export type KpiCompute = (ctx: KpiContext) => Promise<KpiValues>;
