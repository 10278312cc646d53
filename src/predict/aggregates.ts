import { DAY } from '../core/index.ts';
import { makeColumns, resize } from './columns.ts';
import {
  type CustomerId,
  type CustomerSummary,
  lastCalibrationDay,
  type TimeUnit,
  unitMs,
} from './summary.ts';

/**
 * One customer's purchases before `until`, aggregated by the database (one row per customer), the
 * input of {@link summaryFromAggregates}. In SQL terms, over the purchases with `at < until`:
 * `first = min(at)`, `last = max(at)`, `days = count(DISTINCT floor(at / 86400000))`,
 * `valueSum = sum(value)`, and `firstValue` the sum of value over the purchases on the UTC day of
 * `first`. Purchase days are UTC calendar days; any moment of a day stands for that day.
 */
export type CustomerAggregate = {
  customer: CustomerId;
  /** First purchase, epoch ms. */
  first: number;
  /** Last purchase before `until`, epoch ms. */
  last: number;
  /** Distinct UTC purchase days before `until`, at least 1. */
  days: number;
  /** Value of all purchases before `until`. */
  valueSum: number;
  /** Value of the purchases on the first purchase day. */
  firstValue: number;
};

/**
 * Builds summaries from per-customer aggregates (see {@link CustomerAggregate}); rows may come from a
 * cursor as an iterable. `until` is required here: the aggregates must have been computed up to it.
 */
export function summaryFromAggregates(
  rows: Iterable<CustomerAggregate>,
  options: { until: number; unit?: TimeUnit },
): CustomerSummary {
  const unit = options.unit ?? 'weeks';
  const { until } = options;
  const u = unitMs(unit);
  const endDay = lastCalibrationDay(until);
  let capacity = 1024;
  let cols = makeColumns(capacity);
  const ids: CustomerId[] = [];
  let n = 0;
  for (const row of rows) {
    const firstDay = Math.floor(row.first / DAY);
    const lastDay = Math.floor(row.last / DAY);
    const bad =
      !(row.days >= 1) || lastDay < firstDay || !(row.last < until) || lastDay - firstDay + 1 < row.days;
    if (bad) {
      throw new RangeError(`summaryFromAggregates: inconsistent row for customer ${String(row.customer)}`);
    }
    if (n === capacity) {
      capacity *= 2;
      cols = resize(cols, capacity);
    }
    const x = row.days - 1;
    ids.push(row.customer);
    cols.x[n] = x;
    cols.tx[n] = ((lastDay - firstDay) * DAY) / u;
    cols.T[n] = ((endDay - firstDay) * DAY) / u;
    cols.monetary[n] = x > 0 ? (row.valueSum - row.firstValue) / x : 0;
    cols.total[n] = row.valueSum;
    cols.first[n] = firstDay * DAY;
    n++;
  }
  return { unit, until, size: n, ids, ...resize(cols, n) };
}
