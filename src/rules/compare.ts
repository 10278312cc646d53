import type { Json } from '../core/index.ts';
import type { Cmp, Scalar } from './ast.ts';

/** A numeric comparison chosen once at compile time, so evaluation does not branch on the operator. */
export type NumberTest = (actual: number, expected: number) => boolean;

const NUMBER_TESTS: Record<Cmp, NumberTest> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
};

/** The function that applies `op` to two numbers. */
export function numberTest(op: Cmp): NumberTest {
  return NUMBER_TESTS[op];
}

// Decimal notation only: `Number()` alone would also take '0x1f', 'Infinity' and '' (as 0).
const NUMERIC = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** A finite number, or a string holding one in decimal notation; anything else is null. */
export function toNumber(value: Json | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || !NUMERIC.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * Equality of a present (not null) trait value with a rule's scalar: numbers numerically, and a number
 * on one side against a numeric string on the other numerically too (imported traits are often text);
 * strings exactly; booleans exactly. Arrays and objects equal nothing.
 */
export function equalsScalar(value: Json, expected: Scalar, expectedNumber: number | null): boolean {
  if (typeof expected === 'number') {
    if (typeof value === 'number') return value === expected;
    return typeof value === 'string' && toNumber(value) === expected;
  }
  if (typeof expected === 'string') {
    if (typeof value === 'string') return value === expected;
    return typeof value === 'number' && expectedNumber !== null && value === expectedNumber;
  }
  return value === expected;
}

/**
 * A membership test equivalent to `equalsScalar` against each of `values`, built from Sets so the cost
 * does not grow with the list. `null` in the list matches a missing trait.
 */
export function scalarSet(values: readonly Scalar[]): (value: Json | undefined) => boolean {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  // numbers written as strings in the list, which a number trait matches numerically
  const stringNumbers = new Set<number>();
  const booleans = new Set<boolean>();
  let withNull = false;
  for (const v of values) {
    if (typeof v === 'string') {
      strings.add(v);
      const n = toNumber(v);
      if (n !== null) stringNumbers.add(n);
    } else if (typeof v === 'number') numbers.add(v);
    else if (typeof v === 'boolean') booleans.add(v);
    else withNull = true;
  }
  return (value) => {
    if (value === undefined || value === null) return withNull;
    if (typeof value === 'string') {
      if (strings.has(value)) return true;
      if (numbers.size === 0) return false;
      const n = toNumber(value);
      return n !== null && numbers.has(n);
    }
    if (typeof value === 'number') return numbers.has(value) || stringNumbers.has(value);
    if (typeof value === 'boolean') return booleans.has(value);
    return false;
  };
}
