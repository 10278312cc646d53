// The period numbering of analytics (a pure module with no dependencies, so the writer thread that
// loads this file does not load the analytics capability with it).
import { periodIndex } from '../analytics/periods.ts';

/** The tables of active customers per period, and how each numbers the period of a time. */
export const ACTIVE_TABLES = [
  { table: 'active_days', unit: 'day' },
  { table: 'active_weeks', unit: 'week' },
  { table: 'active_months', unit: 'month' },
] as const;

export type ActiveTable = (typeof ACTIVE_TABLES)[number]['table'];

/**
 * The distinct (customer, period) pairs of stored events per table, each sorted by customer then
 * period: sorted, so that concurrent writers take their row locks in one order.
 */
export function activePeriodsOf(
  events: { customerId: number; t: number }[],
): Map<ActiveTable, [number, number][]> {
  const out = new Map<ActiveTable, [number, number][]>();
  for (const { table, unit } of ACTIVE_TABLES) {
    const pairs = new Map<string, [number, number]>();
    for (const { customerId, t } of events) {
      const p = periodIndex(t, unit);
      pairs.set(`${customerId}:${p}`, [customerId, p]);
    }
    out.set(
      table,
      [...pairs.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]),
    );
  }
  return out;
}
