import type { Cmp, Scalar, TimeUnit } from './ast.ts';

/**
 * Tables and limits shared by the parser, the printer and the JSON validator, so that the three
 * agree on what a canonical rule is.
 */

/** Deepest nesting of rule nodes (and of parentheses and `not` in text) that is accepted. */
export const MAX_DEPTH = 64;

/** Longest rule text that is accepted, in UTF-16 code units. */
export const MAX_TEXT_LENGTH = 20_000;

/** Text spelling of each comparison operator. */
export const CMP_SYMBOLS: Readonly<Record<Cmp, string>> = {
  eq: '=',
  ne: '!=',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
};

/** Comparison operator by its text spelling. */
export const CMP_BY_SYMBOL: ReadonlyMap<string, Cmp> = new Map(
  Object.entries(CMP_SYMBOLS).map(([op, symbol]) => [symbol, op as Cmp]),
);

/** Every comparison operator. */
export const CMPS = Object.keys(CMP_SYMBOLS) as Cmp[];

/** The functions of an aggregate predicate. */
export const AGGREGATE_FNS = ['sum', 'avg', 'min', 'max'] as const;

const UNIT_BY_WORD: ReadonlyMap<string, TimeUnit> = new Map(
  (['minutes', 'hours', 'days', 'weeks', 'months', 'years'] as const).flatMap((unit) => [
    [unit, unit],
    [unit.slice(0, -1), unit],
  ]),
);

/** The unit a word names, singular or plural, any case; undefined for other words. */
export function unitFromWord(word: string): TimeUnit | undefined {
  return UNIT_BY_WORD.get(word.toLowerCase());
}

/** `days` → `day`: spans of exactly one unit read better singular. */
export function singularUnit(unit: TimeUnit): string {
  return unit.slice(0, -1);
}

const PLAIN_PATH = /^[A-Za-z_$][A-Za-z0-9_$.]*$/;

/** True when a path or name can be written without quotes. */
export function isPlainPath(path: string): boolean {
  return PLAIN_PATH.test(path);
}

/** The tests traits and event properties share: a comparison, `in`, `contains` and `exists`. */
export type ValueTest =
  | { op: Cmp; value: Scalar }
  | { op: 'in'; values: Scalar[] }
  | { op: 'contains'; value: string }
  | { op: 'exists' };
