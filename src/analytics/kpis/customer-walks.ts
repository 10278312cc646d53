import { orderByCustomerTime } from '../stats.ts';
import type { Slots } from './slots.ts';
import type { Timeline } from './timeline.ts';

/** Rows in (customer, time) order, equal keys in input order; the input is not changed. */
export function orderRows<T extends { c: number; t: number }>(rows: readonly T[]): T[] {
  const order = orderByCustomerTime(
    Float64Array.from(rows, (r) => r.c),
    Float64Array.from(rows, (r) => r.t),
  ).order;
  return Array.from(order, (i) => rows[i]);
}

/**
 * Which of several event timelines each customer has events of, per slot and over the range: `perSlot`
 * is called once per (customer, slot) with events in the range, with bit k set when lines[k] has one
 * there; `overall` once per customer with events in the range. This is how distinct counts of one set
 * among another (openers among recipients, buyers and visitors) stay true distinct counts per period.
 */
export function customerSlotFlags(
  slots: Slots,
  lines: readonly Timeline[],
  perSlot: (slot: number, bits: number) => void,
  overall: (bits: number) => void,
): void {
  let n = 0;
  for (const line of lines) n += line.customers.length;
  const customers = new Float64Array(n);
  const times = new Float64Array(n);
  const tags = new Uint8Array(n);
  let k = 0;
  lines.forEach((line, tag) => {
    customers.set(line.customers, k);
    times.set(line.times, k);
    tags.fill(tag, k, k + line.customers.length);
    k += line.customers.length;
  });
  const order = orderByCustomerTime(customers, times);
  let customer = Number.NaN;
  let slot = -1;
  let bits = 0;
  let all = 0;
  for (let i = 0; i < n; i++) {
    const s = slots.slot(order.times[i]);
    if (s < 0) continue;
    const c = order.customers[i];
    if (c !== customer || s !== slot) {
      if (slot >= 0) perSlot(slot, bits);
      if (c !== customer && all) overall(all);
      if (c !== customer) all = 0;
      customer = c;
      slot = s;
      bits = 0;
    }
    const bit = 1 << tags[order.order[i]];
    bits |= bit;
    all |= bit;
  }
  if (slot >= 0) perSlot(slot, bits);
  if (all) overall(all);
}

/**
 * Each customer's latest row per slot and over the range, from rows in (customer, time) order: `perSlot`
 * gets the last row of each (customer, slot), `overall` the last row of each customer in the range.
 */
export function latestRows<T extends { c: number; t: number }>(
  slots: Slots,
  ordered: readonly T[],
  perSlot: (slot: number, row: T) => void,
  overall: (row: T) => void,
): void {
  let last: T | null = null;
  let lastSlot = -1;
  for (const row of ordered) {
    const s = slots.slot(row.t);
    if (s < 0) continue;
    if (last && (last.c !== row.c || lastSlot !== s)) perSlot(lastSlot, last);
    if (last && last.c !== row.c) overall(last);
    last = row;
    lastSlot = s;
  }
  if (last) {
    perSlot(lastSlot, last);
    overall(last);
  }
}
