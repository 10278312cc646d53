import type { Json, JsonObject } from '../core/index.ts';
import type { Scalar, TraitTest } from './ast.ts';
import { equalsScalar, numberTest, scalarSet, toNumber } from './compare.ts';
import { cmpText, shortBy, toActual, valueText } from './describe.ts';
import type { Leaf, Measure, TraitCheck } from './leaf.ts';
import { type DateTest, dateCheck, isDateTest } from './trait-dates.ts';

/**
 * Reads a trait by path. A key equal to the whole path wins (traits such as `"utm.source"` are often
 * stored flat); otherwise the path walks nested objects by its dot-separated parts. Arrays are not
 * indexed into. Undefined when absent.
 */
export function traitGetter(path: string): (traits: JsonObject) => Json | undefined {
  const parts = path.split('.');
  if (parts.length === 1) return (traits) => (Object.hasOwn(traits, path) ? traits[path] : undefined);
  return (traits) => {
    if (Object.hasOwn(traits, path)) return traits[path];
    let current: Json = traits;
    for (const part of parts) {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
      if (!Object.hasOwn(current, part)) return undefined;
      current = current[part];
    }
    return current;
  };
}

/** Compiles `trait <path> <test>`. */
export function traitLeaf(path: string, test: TraitTest): Leaf {
  const get = traitGetter(path);
  const check = isDateTest(test) ? dateCheck(test) : valueCheck(test);
  return {
    test: (ctx) => check.holds(get(ctx.traits), ctx.now),
    nextChange: (ctx) => check.next(get(ctx.traits), ctx.now),
    measure(ctx) {
      const value = get(ctx.traits);
      const passed = check.holds(value, ctx.now);
      const detail = `trait ${path} is ${check.show(value, ctx.now)}; needs ${check.needs}`;
      const m: Measure = { passed, actual: toActual(value), detail };
      const by = passed ? undefined : check.shortBy(value);
      if (by !== undefined) m.shortBy = by;
      return m;
    },
  };
}

const never = () => null;
const noDistance = () => undefined;
const show = (value: Json | undefined) => valueText(value);

function valueCheck(test: Exclude<TraitTest, DateTest>): TraitCheck {
  const base = { next: never, show, shortBy: noDistance };
  switch (test.op) {
    case 'exists':
      return { ...base, needs: 'exists', holds: (v) => v !== undefined && v !== null };
    case 'in': {
      const matches = scalarSet(test.values);
      return { ...base, needs: `in [${test.values.map((v) => valueText(v)).join(', ')}]`, holds: matches };
    }
    case 'contains':
      return { ...base, needs: `contains ${JSON.stringify(test.value)}`, holds: containsTest(test.value) };
    case 'eq':
    case 'ne':
      return { ...base, ...equalityTest(test.op, test.value) };
    default: {
      const target = toNumber(test.value);
      const cmp = numberTest(test.op);
      return {
        ...base,
        needs: `${cmpText(test.op)} ${valueText(test.value)}`,
        holds(v) {
          if (target === null) return false;
          const n = toNumber(v);
          return n !== null && cmp(n, target);
        },
        shortBy(v) {
          const n = toNumber(v);
          return n === null || target === null ? undefined : shortBy(test.op, n, target);
        },
      };
    }
  }
}

function equalityTest(op: 'eq' | 'ne', expected: Scalar): Pick<TraitCheck, 'holds' | 'needs' | 'shortBy'> {
  const needs = `${cmpText(op)} ${valueText(expected)}`;
  // `= null` can only mean "has no value"; read literally it could never hold, as a missing trait is null.
  if (expected === null) {
    const isMissing = (v: Json | undefined) => v === undefined || v === null;
    return { needs, holds: op === 'eq' ? isMissing : (v) => !isMissing(v), shortBy: noDistance };
  }
  const expectedNumber = typeof expected === 'string' ? toNumber(expected) : null;
  const holds =
    op === 'eq'
      ? (v: Json | undefined) => v !== undefined && v !== null && equalsScalar(v, expected, expectedNumber)
      : (v: Json | undefined) => v === undefined || v === null || !equalsScalar(v, expected, expectedNumber);
  const target = typeof expected === 'number' ? expected : null;
  return {
    needs,
    holds,
    shortBy(v) {
      const n = toNumber(v);
      return op === 'eq' && n !== null && target !== null ? shortBy('eq', n, target) : undefined;
    },
  };
}

function containsTest(needle: string): (v: Json | undefined) => boolean {
  const needleNumber = toNumber(needle);
  return (v) => {
    if (typeof v === 'string') return v.includes(needle);
    if (!Array.isArray(v)) return false;
    for (const item of v) if (item !== null && equalsScalar(item, needle, needleNumber)) return true;
    return false;
  };
}
