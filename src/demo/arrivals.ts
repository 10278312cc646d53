import { DAY } from '../core/index.ts';
import type { Business, Campaign } from './model.ts';

/**
 * First visits per day from `firstDay` to `endDay` (exclusive): a growing business (from 0.6 to 1.4 times
 * its average over the span) times the business's season, rounded so that they sum to exactly `total`.
 */
export function spreadArrivals(
  business: Business,
  firstDay: number,
  endDay: number,
  total: number,
): number[] {
  const span = endDay - firstDay;
  const weights = Array.from({ length: span }, (_, i) => {
    const growth = 0.6 + (0.8 * i) / Math.max(1, span - 1);
    return growth * business.season(new Date((firstDay + i) * DAY));
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  let given = 0;
  return weights.map((w) => {
    cumulative += w;
    const upTo = Math.round((total * cumulative) / sum);
    const n = upTo - given;
    given = upTo;
    return n;
  });
}

/** Whether a campaign runs on this calendar day (month 1-12); windows may wrap over the new year. */
export function campaignRuns(c: Campaign, month: number, day: number): boolean {
  if (!c.runs) return true;
  const [m1, d1, m2, d2] = c.runs;
  const at = month * 100 + day;
  const from = m1 * 100 + d1;
  const to = m2 * 100 + d2;
  return from <= to ? at >= from && at <= to : at >= from || at <= to;
}

/** Names for the simulated people's example.com addresses. */
export const FIRST_NAMES = [
  'ana',
  'ben',
  'chloe',
  'david',
  'emma',
  'farah',
  'george',
  'hana',
  'ivan',
  'julia',
  'kai',
  'lea',
];
export const LAST_NAMES = [
  'smith',
  'garcia',
  'kim',
  'nguyen',
  'muller',
  'rossi',
  'silva',
  'khan',
  'novak',
  'berg',
];
