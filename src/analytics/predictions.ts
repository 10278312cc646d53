import { AppError, DAY, type JsonObject } from '../core/index.ts';
import {
  CHURN_TIERS,
  compareHoldout,
  fitModels,
  fitReport,
  type HoldoutComparison,
  type PredictFitReport,
  scoreCustomers,
  summarize,
  type TimeUnit,
} from '../predict/index.ts';
import type { AnalyticsSources, StoredFit } from './analytics-store.ts';

export type FitOptions = {
  /** End of calibration (exclusive): purchases from then on are the holdout the forecast is compared with. */
  until?: number;
  unit: TimeUnit;
  /** The purchase event; its monetary value is the spend. */
  event: string;
  now: number;
  /** Store each customer's predictions where rules read them, and the report (not with `until`). */
  store: boolean;
};

export type WorkspaceFit = { report: PredictFitReport; holdout: HoldoutComparison | null; written: number };

/** The report a fit stores: its population figures also give the means the KPIs read (predicted CLV). */
export type StoredFitReport = PredictFitReport & {
  population: PredictFitReport['population'] & { meanClv: number | null; meanPAlive: number | null };
};

/** A year ahead, the horizon of predicted CLV and expected purchases, in the fit's unit. */
const HORIZON: Record<TimeUnit, number> = { days: 365, weeks: 52 };

/**
 * Fits BG/NBD and Gamma-Gamma on the workspace's purchases (one transaction per customer and UTC day, as
 * in that literature) and, unless this is a calibration fit, stores each customer's P(alive), expected
 * purchases and spend, 12-month CLV, churn tier and RFM scores in `customer_state.predictions`, where
 * rules read them as `prediction p_alive`; then has the engine re-evaluate everyone.
 */
export async function fitWorkspace(
  store: AnalyticsSources,
  workspaceId: number,
  o: FitOptions,
): Promise<WorkspaceFit> {
  const days = await store.analytics.purchaseDays(workspaceId, o.event, o.now + 1);
  const until = o.until ?? Math.floor(o.now / DAY + 1) * DAY;
  const { summary, holdout } = summarize(
    days.map((d) => ({ customer: d.c, at: d.day, value: d.v })),
    { until, unit: o.unit },
  );
  let repeat = 0;
  for (let i = 0; i < summary.size; i++) if (summary.x[i]! > 0) repeat++;
  if (repeat < 2) {
    // BG/NBD learns the purchase rate and drop-out from repeat purchases; without them there is nothing to fit.
    throw new AppError(
      'bad_request',
      `cannot fit the models: ${summary.size} customers made a "${o.event}" and ${repeat} came back for another`,
    );
  }
  const models = fitModels(summary);
  const report = fitReport(models);
  const comparison = o.until === undefined ? null : compareHoldout(models, summary, holdout);
  let written = 0;
  if (o.store && o.until === undefined) {
    const scores = scoreCustomers(models, summary, { horizon: HORIZON[o.unit] });
    const rows: { c: number; p: JsonObject }[] = [];
    const finite = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : null);
    for (let i = 0; i < summary.size; i++) {
      const p: JsonObject = {
        p_alive: finite(scores.pAlive[i]!),
        expected_purchases: finite(scores.purchases[i]!),
        expected_spend: finite(scores.spend[i]!),
        clv: finite(scores.clv[i]!),
        // Rules compare numbers: 0 unknown, 1 low, 2 medium, 3 high risk (CHURN_TIERS order).
        churn_risk: scores.churn[i]!,
        rfm_recency: scores.recency[i]!,
        rfm_frequency: scores.frequency[i]!,
        rfm_monetary: scores.monetary[i]!,
      };
      for (const key of Object.keys(p)) if (p[key] === null) delete p[key];
      rows.push({ c: Number(summary.ids[i]), p });
    }
    written = await store.analytics.writePredictions(workspaceId, rows, o.now);
    // Population figures the KPIs read (predicted CLV) without scanning every customer's predictions.
    let clvSum = 0;
    let aliveSum = 0;
    for (let i = 0; i < summary.size; i++) {
      if (Number.isFinite(scores.clv[i])) clvSum += scores.clv[i]!;
      aliveSum += scores.pAlive[i]!;
    }
    const stored: StoredFitReport = {
      ...report,
      population: {
        ...report.population,
        meanClv: summary.size ? clvSum / summary.size : null,
        meanPAlive: summary.size ? aliveSum / summary.size : null,
      },
    };
    await store.analytics.saveFit(workspaceId, stored as unknown as JsonObject, o.now);
    await store.analytics.restartRecompute(workspaceId, o.now);
  }
  return { report, holdout: comparison, written };
}

/** The latest stored fit as the API shows it, or null before the first. */
export const latestFitView = (fit: StoredFit | null) =>
  fit && { fittedAt: new Date(fit.fittedAt).toISOString(), ...(fit.report as unknown as StoredFitReport) };

export { CHURN_TIERS };
