/** Helpers for the summary's Float64Array columns. */
import type { CustomerId, CustomerSummary } from './summary.ts';

export type Columns = Pick<CustomerSummary, 'x' | 'tx' | 'T' | 'monetary' | 'total' | 'first'>;
export const COLUMNS = ['x', 'tx', 'T', 'monetary', 'total', 'first'] as const;

export function makeColumns(n: number): Columns {
  return {
    x: new Float64Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    monetary: new Float64Array(n),
    total: new Float64Array(n),
    first: new Float64Array(n),
  };
}

/** Copies the columns into arrays of length n (truncating or extending). */
export function resize(cols: Columns, n: number): Columns {
  const next = makeColumns(n);
  for (const name of COLUMNS) next[name].set(cols[name].subarray(0, Math.min(n, cols[name].length)));
  return next;
}

/** Keeps the customers flagged in `keep`, in order. */
export function compact(summary: CustomerSummary, keep: Uint8Array): CustomerSummary {
  let n = 0;
  for (let i = 0; i < keep.length; i++) n += keep[i];
  if (n === summary.size) return summary;
  const cols = makeColumns(n);
  const ids: CustomerId[] = [];
  for (let i = 0, j = 0; i < keep.length; i++) {
    if (!keep[i]) continue;
    ids.push(summary.ids[i]);
    for (const name of COLUMNS) cols[name][j] = summary[name][i];
    j++;
  }
  return { unit: summary.unit, until: summary.until, size: n, ids, ...cols };
}
