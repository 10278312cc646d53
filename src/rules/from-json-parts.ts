import {
  type CountTest,
  type EventSpec,
  type PropertyFilter,
  type SinceRef,
  type Span,
  TIME_UNITS,
  type TraitTest,
} from './ast.ts';
import { isIsoDate } from './iso-date.ts';
import {
  array,
  child,
  each,
  fail,
  finiteNumber,
  type JsonObject,
  nonEmptyString,
  object,
  oneOf,
  onlyKeys,
  scalar,
  string,
} from './json-checks.ts';
import { CMPS, type ValueTest } from './syntax.ts';

/** Validators for the parts of rule nodes: event specs, filters, trait tests, counts and spans. */

const VALUE_OPS = [...CMPS, 'in', 'contains', 'exists'] as const;
const SPAN_OPS = ['withinLast', 'withinNext', 'moreThanAgo', 'anniversaryWithin'] as const;
const TRAIT_OPS = [...VALUE_OPS, 'before', 'after', ...SPAN_OPS] as const;
const COUNT_OPS = ['atLeast', 'atMost', 'exactly'] as const;
const SINCE_KINDS = ['last', 'first', 'lastActivity', 'firstSeen'] as const;

/** `{event, where?}`; `where` is left out of the copy when absent or empty. */
export function readEventSpec(value: unknown, path: string): EventSpec {
  const obj = object(value, path, 'an event spec object {"event", "where"}');
  onlyKeys(obj, path, ['event', 'where']);
  const event = nonEmptyString(obj.event, child(path, 'event'), 'a non-empty event name');
  if (obj.where === undefined) return { event };
  const wherePath = child(path, 'where');
  const where = each(array(obj.where, wherePath, 'an array of property filters'), wherePath, readFilter);
  return where.length > 0 ? { event, where } : { event };
}

function readFilter(value: unknown, path: string): PropertyFilter {
  const obj = object(value, path, 'a property filter object {"property", "op", …}');
  const op = oneOf(obj.op, child(path, 'op'), VALUE_OPS);
  onlyKeys(obj, path, ['property', ...valueTestKeys(op)]);
  const property = nonEmptyString(obj.property, child(path, 'property'), 'a non-empty property name');
  return { property, ...readValueTest(obj, path, op) };
}

/** A trait test object; its keys depend on its `op`. */
export function readTraitTest(value: unknown, path: string): TraitTest {
  const obj = object(value, path, 'a trait test object {"op", …}');
  const op = oneOf(obj.op, child(path, 'op'), TRAIT_OPS);
  switch (op) {
    case 'before':
    case 'after': {
      onlyKeys(obj, path, ['op', 'date']);
      const datePath = child(path, 'date');
      const date = string(obj.date, datePath);
      if (!isIsoDate(date)) fail(datePath, ['an ISO 8601 date or date-time such as "2025-01-31"'], date);
      return { op, date };
    }
    case 'withinLast':
    case 'withinNext':
    case 'moreThanAgo':
    case 'anniversaryWithin':
      onlyKeys(obj, path, ['op', 'span']);
      return { op, span: readSpan(obj.span, child(path, 'span')) };
    default:
      onlyKeys(obj, path, valueTestKeys(op));
      return readValueTest(obj, path, op);
  }
}

function valueTestKeys(op: ValueTest['op']): string[] {
  if (op === 'exists') return ['op'];
  return op === 'in' ? ['op', 'values'] : ['op', 'value'];
}

function readValueTest(obj: JsonObject, path: string, op: ValueTest['op']): ValueTest {
  switch (op) {
    case 'exists':
      return { op };
    case 'in': {
      const valuesPath = child(path, 'values');
      return { op, values: each(array(obj.values, valuesPath, 'an array of values'), valuesPath, scalar) };
    }
    case 'contains':
      return { op, value: string(obj.value, child(path, 'value')) };
    default:
      return { op, value: scalar(obj.value, child(path, 'value')) };
  }
}

/** `{op, n}` with a non-negative integer `n`. */
export function readCount(value: unknown, path: string): CountTest {
  const obj = object(value, path, 'a count object {"op", "n"}');
  onlyKeys(obj, path, ['op', 'n']);
  const op = oneOf(obj.op, child(path, 'op'), COUNT_OPS);
  const nPath = child(path, 'n');
  const n = obj.n;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) fail(nPath, ['a non-negative integer'], n);
  return { op, n: n === 0 ? 0 : n };
}

/** A span, or null for "ever". The key must be present: null says "ever" on purpose. */
export function readWindow(value: unknown, path: string): Span | null {
  if (value === null) return null;
  if (value === undefined) fail(path, ['a span object {"amount", "unit"} or null (ever)'], value);
  return readSpan(value, path);
}

/** `{amount, unit}` with a positive finite amount. */
export function readSpan(value: unknown, path: string): Span {
  const obj = object(value, path, 'a span object {"amount", "unit"}');
  onlyKeys(obj, path, ['amount', 'unit']);
  const amountPath = child(path, 'amount');
  const amount = finiteNumber(obj.amount, amountPath, 'a positive number');
  if (!(amount > 0)) fail(amountPath, ['a positive number'], amount);
  return { amount, unit: oneOf(obj.unit, child(path, 'unit'), TIME_UNITS) };
}

/** `{kind: "last" | "first", event}`, `{kind: "lastActivity"}` or `{kind: "firstSeen"}`. */
export function readSinceRef(value: unknown, path: string): SinceRef {
  const obj = object(value, path, 'a since object {"kind", …}');
  const kind = oneOf(obj.kind, child(path, 'kind'), SINCE_KINDS);
  if (kind === 'lastActivity' || kind === 'firstSeen') {
    onlyKeys(obj, path, ['kind']);
    return { kind };
  }
  onlyKeys(obj, path, ['kind', 'event']);
  return { kind, event: readEventSpec(obj.event, child(path, 'event')) };
}
