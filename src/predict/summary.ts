/**
 * Per-customer recency / frequency / monetary summaries, the input of every model here. As in the
 * CLV literature (Fader, Hardie & Lee 2005), a "transaction" is a purchase DAY: purchases on the same
 * UTC calendar day count once, their values summed. Times are differences between UTC dates, as in the
 * published CDNOW analyses (and the BTYD package): t_x = last purchase date − first, and
 * T = last calibration date − first, where the last calibration date is the UTC day of `until − 1 ms`.
 * So a purchase on the calibration's last day has t_x = T, and a customer who first bought that day
 * has T = 0. (This is what reproduces the published CDNOW estimates, where a customer who first bought
 * on 1997-01-01 has T = 272/7 = 38.86 weeks with calibration through 1997-09-30.)
 * Columns are Float64Arrays so a million customers take a few dozen MB and the fits read them unboxed.
 */

import { DAY } from '../core/index.ts';
import { compact, makeColumns } from './columns.ts';

export type TimeUnit = 'days' | 'weeks';
export type CustomerId = number | string;

/** One purchase. */
export type Transaction = { customer: CustomerId; at: number; value: number };

/** Milliseconds in one time unit. */
export function unitMs(unit: TimeUnit): number {
  return unit === 'weeks' ? 7 * DAY : DAY;
}

/**
 * Columnar customer summaries; index i is one customer. Times are in `unit`; only purchases before
 * `until` count.
 */
export type CustomerSummary = {
  unit: TimeUnit;
  /** End of calibration, epoch ms (exclusive). */
  until: number;
  size: number;
  ids: CustomerId[];
  /** Repeat purchase days: distinct purchase days after the first. */
  x: Float64Array;
  /** Time from the first purchase date to the last (0 when x = 0). */
  tx: Float64Array;
  /** Time from the first purchase date to the last calibration date. */
  T: Float64Array;
  /** Mean value of the repeat purchase days (the first day excluded); 0 when x = 0. */
  monetary: Float64Array;
  /** Total value of all purchases before `until`, the first day included (historical value). */
  total: Float64Array;
  /** Start of the first purchase day, epoch ms. */
  first: Float64Array;
};

/**
 * Purchases on or after `until` by customers who bought before it, one entry per (customer, purchase
 * day), for holdout comparison. Customers whose first purchase is in the holdout are only counted.
 */
export type Holdout = {
  size: number;
  /** Index into the summary. */
  customer: Int32Array;
  /** Time of the purchase date after the last calibration date, in the summary's unit (> 0). */
  time: Float64Array;
  value: Float64Array;
  newCustomers: number;
};

export type SummaryOptions = {
  /** End of calibration, epoch ms, exclusive. Default: the end of the last purchase day in the data. */
  until?: number;
  /** Default 'weeks'. */
  unit?: TimeUnit;
};

/** Builds summaries (and the holdout purchases, those at or after `until`) from raw transactions. */
export function summarize(
  transactions: Iterable<Transaction>,
  options: SummaryOptions = {},
): { summary: CustomerSummary; holdout: Holdout } {
  const unit = options.unit ?? 'weeks';
  const index = new Map<CustomerId, number>();
  const ids: CustomerId[] = [];
  const who: number[] = [];
  const ats: number[] = [];
  const values: number[] = [];
  let latest = Number.NEGATIVE_INFINITY;
  for (const t of transactions) {
    if (!Number.isFinite(t.at) || !Number.isFinite(t.value)) {
      throw new RangeError(`summarize: a purchase of ${String(t.customer)} has a non-finite time or value`);
    }
    let i = index.get(t.customer);
    if (i === undefined) {
      i = ids.length;
      index.set(t.customer, i);
      ids.push(t.customer);
    }
    who.push(i);
    ats.push(t.at);
    values.push(t.value);
    if (t.at > latest) latest = t.at;
  }
  const until = options.until ?? (Number.isFinite(latest) ? (Math.floor(latest / DAY) + 1) * DAY : 0);
  const u = unitMs(unit);
  const endDay = lastCalibrationDay(until);
  const order = Uint32Array.from(who.keys()).sort((p, q) => who[p] - who[q] || ats[p] - ats[q]);
  const kept = new Uint8Array(ids.length);
  const cols = makeColumns(ids.length);
  const hold = { customer: [] as number[], time: [] as number[], value: [] as number[] };
  let newCustomers = 0;
  for (let k = 0; k < order.length; ) {
    const c = who[order[k]];
    let firstDay = 0;
    let prevDay = Number.NaN;
    let x = -1;
    let total = 0;
    let firstValue = 0;
    let holdDay = Number.NaN;
    for (; k < order.length && who[order[k]] === c; k++) {
      const j = order[k];
      const day = Math.floor(ats[j] / DAY);
      if (ats[j] < until) {
        if (day !== prevDay) {
          x++;
          prevDay = day;
          if (x === 0) firstDay = day;
        }
        if (x === 0) firstValue += values[j];
        total += values[j];
      } else if (x >= 0) {
        if (day !== holdDay) {
          hold.customer.push(c);
          hold.time.push(((day - endDay) * DAY) / u);
          hold.value.push(0);
          holdDay = day;
        }
        hold.value[hold.value.length - 1] += values[j];
      }
    }
    if (x < 0) {
      newCustomers++;
      continue;
    }
    kept[c] = 1;
    cols.x[c] = x;
    cols.tx[c] = ((prevDay - firstDay) * DAY) / u;
    cols.T[c] = ((endDay - firstDay) * DAY) / u;
    cols.monetary[c] = x > 0 ? (total - firstValue) / x : 0;
    cols.total[c] = total;
    cols.first[c] = firstDay * DAY;
  }
  const summary = compact({ unit, until, size: ids.length, ids, ...cols }, kept);
  // Holdout entries hold indexes from before the compaction.
  const remap = new Int32Array(ids.length);
  for (let i = 0, j = 0; i < ids.length; i++) remap[i] = kept[i] ? j++ : -1;
  return {
    summary,
    holdout: {
      size: hold.customer.length,
      customer: Int32Array.from(hold.customer, (c) => remap[c]),
      time: Float64Array.from(hold.time),
      value: Float64Array.from(hold.value),
      newCustomers,
    },
  };
}

/** The UTC day number (days since 1970-01-01) of the last calibration date. */
export function lastCalibrationDay(until: number): number {
  return Math.floor((until - 1) / DAY);
}

/** Historical value per customer: the total value of the calibration purchases. */
export function historicalValue(summary: CustomerSummary): Float64Array {
  return summary.total.slice();
}
