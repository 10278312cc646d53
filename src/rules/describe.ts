import type { Json } from '../core/index.ts';
import type { Cmp, CountTest, EventSpec, Scalar, Span, TimeUnit } from './ast.ts';
import { CMP_SYMBOLS } from './syntax.ts';

/** The operator as written in a rule: `=`, `!=`, `<`, `<=`, `>`, `>=`. */
export function cmpText(op: Cmp): string {
  return CMP_SYMBOLS[op];
}

/** Rounded to 2 decimals, as elapsed times are reported. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** A number for people: whole numbers as they are, others to 2 decimals (4 below 1, e.g. probabilities). */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toFixed(Math.abs(n) >= 1 ? 2 : 4)));
}

/** A value as it would be written in a rule: strings quoted, numbers plain, JSON for the rest. */
export function valueText(value: Json | undefined): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'number') return formatNumber(value);
  return JSON.stringify(value);
}

/** A trait value as a fact's `actual`: scalars as they are, arrays and objects as JSON text. */
export function toActual(value: Json | undefined): Scalar {
  if (value === undefined) return null;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** `1 day`, `36 hours`, `1.5 days`. */
export function amountText(amount: number, unit: TimeUnit): string {
  return `${formatNumber(amount)} ${amount === 1 ? unit.slice(0, -1) : unit}`;
}

/** `30 days` */
export function spanText(span: Span): string {
  return amountText(span.amount, span.unit);
}

/** ` in the last 30 days`, or nothing for all time. */
export function windowText(window: Span | null): string {
  return window === null ? '' : ` in the last ${spanText(window)}`;
}

/** `at least 3`, `at most 1`, `exactly 2` */
export function countText(count: CountTest): string {
  return `${count.op === 'atLeast' ? 'at least' : count.op === 'atMost' ? 'at most' : 'exactly'} ${count.n}`;
}

/** `1 time`, `3 times` */
export function timesText(n: number): string {
  return n === 1 ? '1 time' : `${n} times`;
}

/** The event name quoted, with a note when a filter narrows it (the leaf's text has the whole filter). */
export function specText(spec: EventSpec): string {
  const n = spec.where?.length ?? 0;
  return n === 0 ? JSON.stringify(spec.event) : `${JSON.stringify(spec.event)} (filtered)`;
}

/**
 * How far a failed numeric comparison is from passing, or undefined where no distance means anything
 * (`!=`, or already at the boundary of a strict test).
 */
export function shortBy(op: Cmp, actual: number, expected: number): number | undefined {
  if (op === 'ne') return undefined;
  // toPrecision drops the float noise of a subtraction (500 - 420.1 = 79.89999999999998)
  const d = Number(Math.abs(expected - actual).toPrecision(12));
  return d > 0 ? d : undefined;
}
