// The period numbering of analytics (a pure module with no dependencies, so the writer thread that
// loads this file does not load the analytics capability with it).
import { periodIndex } from '../analytics/periods.ts';

/** The ISO week and calendar month (UTC) an event at `t` makes its customer active in. */
export const activeWeek = (t: number) => periodIndex(t, 'week');
export const activeMonth = (t: number) => periodIndex(t, 'month');

/**
 * The distinct (customer, week) and (customer, month) pairs of stored events, each as a sorted list of
 * [customer, period]: sorted, so that concurrent writers take their row locks in one order.
 */
export function activePeriodsOf(events: { customerId: number; t: number }[]): {
  weeks: [number, number][];
  months: [number, number][];
} {
  const weeks = new Map<string, [number, number]>();
  const months = new Map<string, [number, number]>();
  for (const { customerId, t } of events) {
    const w = activeWeek(t);
    const m = activeMonth(t);
    weeks.set(`${customerId}:${w}`, [customerId, w]);
    months.set(`${customerId}:${m}`, [customerId, m]);
  }
  const byKey = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];
  return { weeks: [...weeks.values()].sort(byKey), months: [...months.values()].sort(byKey) };
}

/** SQL for the week of a `timestamp` column, as `activeWeek` computes it (integer division). */
export const WEEK_SQL = '(timestamp / 86400000 + 3) / 7';
