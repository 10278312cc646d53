import type { KpiDefinition } from './catalog.ts';
import type { InputName } from './kpi-inputs.ts';
import { type AnalyticsSettings, keyEvents, nonVisitEvents } from './settings.ts';

/** Phrases the catalog's formulas share, so that every KPI built on visits or sessions says the same. */
export const VISITS = (s: AnalyticsSettings) =>
  `visit events (every event received from clients except the non-visit events: ${nonVisitEvents(s).join(', ')}; ` +
  'activity carries no event name, so these are removed by matching customer and time)';
export const SESSIONS = (s: AnalyticsSettings) =>
  `sessions starting in the period: a customer's ${VISITS(s)} grouped until a gap of ${s.sessionGapMinutes} minutes ` +
  'or more (GA4), a session belonging to the period it starts in';
export const ENGAGED = (s: AnalyticsSettings) =>
  `an engaged session lasts ${s.engagedSessionSeconds} s or more from its first to its last event, or has ` +
  `${s.engagedSessionEvents} or more events (GA4 counts page views; activity carries no type, so every visit ` +
  `event counts, as Universal Analytics counted hits), or holds a key event (${keyEvents(s).join(', ')})`;
/** How a ratio is taken over the whole range. */
export const RATIO_RANGE = 'Over the range: the same ratio of the range-wide counts.';
export const ORDERS = (s: AnalyticsSettings) => `${s.purchaseEvent} events`;
export const NEW_BUYERS = (s: AnalyticsSettings) =>
  `new customers (customers whose first ${s.purchaseEvent} ever is in the period)`;
/** Cohort rates with a window (lead conversion, activation). */
export const MATURE =
  'only cohorts whose window has ended by now count (a later period is null), so periods compare fairly';
export const visitEvents = (s: AnalyticsSettings) => nonVisitEvents(s);
export const sessionEvents = (s: AnalyticsSettings) => [
  ...new Set([...nonVisitEvents(s), ...keyEvents(s), s.purchaseEvent]),
];
/** What every KPI built on visits reads: activity, and the named events removed from it. */
export const VISIT_NEEDS: InputName[] = ['activity', 'events'];
export const BREAKDOWN = 'The breakdown is over the whole range.';

/** Types one catalog entry. */
export const kpi = (d: KpiDefinition) => d;
