import { DAY, HOUR, MINUTE } from '../../core/index.ts';
import type { AnalyticsStorage, TimeRange } from '../analytics-store.ts';
import { PERIOD_UNITS, type PeriodUnit, periodFromIndex, periodIndex } from '../periods.ts';
import { KPI_CATALOG, type KpiDefinition, type KpiUnit, kpiDefinition } from './catalog.ts';
import { churnRate } from './churn-kpi.ts';
import { COMMERCE_KPIS } from './commerce-kpis.ts';
import { FEEDBACK_KPIS } from './feedback-kpis.ts';
import type { KpiCompute } from './kpi-context.ts';
import { type InputPlan, KpiInputs, scopedInputs } from './kpi-inputs.ts';
import { MARKETING_KPIS } from './marketing-kpis.ts';
import { type AnalyticsSettings, DEFAULT_ANALYTICS_SETTINGS } from './settings.ts';
import { type KpiBreakdownItem, Slots } from './slots.ts';
import { VISIT_KPIS } from './visit-kpis.ts';

export type ComputeKpisOptions = {
  /** The range [from, to), epoch ms; align both to period starts for whole first and last periods. */
  from: number;
  to: number;
  unit: PeriodUnit;
  /** The KPIs to compute, in this order; absent: every KPI computeKpis computes, in catalog order. */
  ids?: readonly string[];
  /** The workspace's settings (see analyticsSettings); absent: the defaults. */
  settings?: AnalyticsSettings;
  /** Periods that begin after now are null; windows (lead conversion, carts...) must have ended by now. */
  now: number;
  /** The keys of the model's lapse stages, the default churn stages. */
  lapseStages?: readonly string[];
};

export type KpiPoint = {
  /** The calendar start of the period (UTC midnight, ISO Monday or 1st of the month), epoch ms. */
  period: number;
  label: string;
  value: number | null;
};

export type KpiResult = {
  id: string;
  name: string;
  unit: KpiUnit;
  /** Over the whole range; null when there is no data (or the ratio's denominator is 0). */
  value: number | null;
  series: KpiPoint[];
  breakdown?: KpiBreakdownItem[];
  definition: { formula: string; events: string[] };
};

const COMPUTE: Record<string, KpiCompute> = {
  ...VISIT_KPIS,
  ...COMMERCE_KPIS,
  ...MARKETING_KPIS,
  ...FEEDBACK_KPIS,
  churn_rate: churnRate,
};

/** The KPIs computeKpis computes (the catalog's others point to another analysis). */
export const COMPUTED_KPIS: readonly string[] = KPI_CATALOG.filter((d) => !d.see).map((d) => d.id);

const SESSION_KPIS = ['sessions', 'time_on_site', 'bounce_rate', 'engagement_rate', 'conversion_rate'];

const union = (a: TimeRange | undefined, b: TimeRange): TimeRange =>
  a ? { from: Math.min(a.from, b.from), to: Math.max(a.to, b.to) } : b;

/**
 * Where each input must look for the requested KPIs: sessions need the gap before the range, retention
 * the period before it, and windows (carts, lead conversion, activation) events after it, up to now.
 * Named events cover the activity range too, since they are matched against it.
 */
export function planInputs(
  ids: ReadonlySet<string>,
  o: { from: number; to: number; unit: PeriodUnit; now: number },
  s: AnalyticsSettings,
): InputPlan {
  const ahead = (ms: number) => Math.max(o.to, Math.min(o.now, o.to + ms));
  const activity = { from: o.from, to: o.to };
  if (SESSION_KPIS.some((id) => ids.has(id))) activity.from = o.from - s.sessionGapMinutes * MINUTE;
  if (ids.has('retention_rate')) {
    activity.from = Math.min(activity.from, periodFromIndex(periodIndex(o.from, o.unit) - 1, o.unit));
  }
  const activationMs = s.activationWindowDays * DAY;
  if (ids.has('activation_rate') && s.activationEvents.length === 0) activity.to = ahead(activationMs);
  const events = { ...activity };
  if (ids.has('cart_abandonment_rate') || ids.has('checkout_abandonment_rate')) {
    const windowMs = s.cartAbandonmentWindowHours * HOUR;
    events.from = Math.min(events.from, o.from - windowMs);
    events.to = Math.max(events.to, ahead(windowMs));
  }
  if (ids.has('lead_conversion_rate'))
    events.to = Math.max(events.to, ahead(s.leadConversionWindowDays * DAY));
  if (ids.has('activation_rate')) events.to = Math.max(events.to, ahead(activationMs));
  const range = { from: o.from, to: o.to };
  const details = new Map<string, TimeRange>();
  if (ids.has('support_resolution_time')) {
    details.set(s.ticketCreatedEvent, { from: o.from - s.ticketLookbackDays * DAY, to: o.to });
  }
  // Tiers are held until changed, so their whole history counts (a rare event, read by its name index).
  if (ids.has('tier_mix')) details.set(s.tierEvent, union(details.get(s.tierEvent), { from: 0, to: o.to }));
  for (const [name, r] of details) details.set(name, union(r, range));
  const firstSeen = ids.has('time_to_first_purchase')
    ? { from: o.from - s.firstPurchaseLookbackDays * DAY, to: o.to }
    : range;
  return { range, activity, events, firstSeen, details };
}

function definitionsOf(ids: readonly string[] | undefined): KpiDefinition[] {
  if (!ids) return KPI_CATALOG.filter((d) => !d.see);
  return [...new Set(ids)].map((id) => {
    const d = kpiDefinition(id);
    if (!d) throw new RangeError(`unknown KPI ${id}`);
    if (d.see) throw new RangeError(`KPI ${id} is computed by the ${d.see} analysis`);
    return d;
  });
}

/**
 * Computes KPIs of a workspace over [from, to), per period and over the whole range, from the analytics
 * storage. Each input is read at most once and only when a requested KPI needs it; the KPIs then run
 * side by side on the shared inputs. See the catalog for each KPI's definition.
 */
export async function computeKpis(
  storage: AnalyticsStorage,
  workspaceId: number,
  options: ComputeKpisOptions,
): Promise<KpiResult[]> {
  const { from, to, unit, now } = options;
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && to > from)) {
    throw new RangeError('a KPI range needs integer times with from < to');
  }
  if (!PERIOD_UNITS.includes(unit)) throw new RangeError(`unknown period unit ${unit}`);
  if (!Number.isFinite(now)) throw new RangeError('now must be a time');
  const settings = options.settings ?? DEFAULT_ANALYTICS_SETTINGS;
  const definitions = definitionsOf(options.ids);
  const plan = planInputs(new Set(definitions.map((d) => d.id)), { from, to, unit, now }, settings);
  const inputs = new KpiInputs(storage, workspaceId, settings, plan);
  const slots = new Slots(from, to, unit, now);
  const lapseStages = options.lapseStages ?? [];
  return Promise.all(
    definitions.map(async (d): Promise<KpiResult> => {
      const ctx = { slots, settings, inputs: scopedInputs(inputs, d.needs, d.id), lapseStages };
      const values = await COMPUTE[d.id](ctx);
      return {
        id: d.id,
        name: d.name,
        unit: d.unit,
        value: values.value,
        series: values.series.map((value, i) => ({ period: slots.starts[i], label: slots.labels[i], value })),
        ...(values.breakdown ? { breakdown: values.breakdown } : {}),
        definition: { formula: d.formula(settings), events: [...new Set(d.events(settings))] },
      };
    }),
  );
}
