import type { Cmp, CountTest, EventSpec, PropertyFilter, Scalar, Span } from './ast.ts';
import type { Cursor } from './cursor.ts';
import { CMP_BY_SYMBOL, unitFromWord, type ValueTest } from './syntax.ts';

/**
 * The small pieces of the rule grammar that several predicates share: values, lists, comparisons,
 * spans, windows, counts, event specs and their filters.
 */

const A_COMPARISON = 'a comparison (=, !=, <, <=, >, >=)';
const A_VALUE = 'a value (a string, a number, true, false or null)';
const A_UNIT = 'a time unit (minutes, hours, days, weeks, months or years)';

/** Consumes a comparison operator when there is one; notes it as expected otherwise. */
export function acceptCmp(c: Cursor): Cmp | undefined {
  const token = c.token;
  const op = token.kind === 'punct' ? CMP_BY_SYMBOL.get(token.value) : undefined;
  if (op === undefined) {
    c.note(A_COMPARISON);
    return undefined;
  }
  c.next();
  return op;
}

/** A comparison operator, or a failure. */
export function expectCmp(c: Cursor, context?: string): Cmp {
  return acceptCmp(c) ?? c.fail([], context);
}

/** A finite number. */
export function expectNumber(c: Cursor, context?: string): number {
  const token = c.token;
  if (token.kind !== 'number') return c.fail(['a number'], context);
  c.next();
  return token.value;
}

/** A string; `what` names it in errors (`an event name`). Empty strings are refused. */
export function expectName(c: Cursor, what: string, context?: string): string {
  const token = c.token;
  if (token.kind !== 'string') return c.fail([`${what} in double quotes`], context);
  c.next();
  if (token.value === '') c.failAt(token, [`a non-empty ${what.replace(/^an? /, '')}`], context);
  return token.value;
}

/** A bare dotted name (`product.category`) or a quoted one (`"first name"`). */
export function expectPath(c: Cursor, what: string, context?: string): string {
  const token = c.token;
  if (token.kind === 'word') {
    c.next();
    return token.value;
  }
  if (token.kind !== 'string') return c.fail([what], context);
  c.next();
  if (token.value === '') c.failAt(token, [`a non-empty ${what.replace(/^an? /, '')}`], context);
  return token.value;
}

/** A string, a number, `true`, `false` or `null`. */
export function expectScalar(c: Cursor, context?: string): Scalar {
  const token = c.token;
  if (token.kind === 'string' || token.kind === 'number') {
    c.next();
    return token.value;
  }
  const word = token.kind === 'word' ? token.value.toLowerCase() : '';
  if (word === 'true' || word === 'false' || word === 'null') {
    c.next();
    return word === 'null' ? null : word === 'true';
  }
  return c.fail([A_VALUE], context);
}

/** `[scalar, …]`, possibly empty. */
export function expectScalarList(c: Cursor, context?: string): Scalar[] {
  c.expectPunct('[', context);
  const values: Scalar[] = [];
  if (c.acceptPunct(']')) return values;
  do values.push(expectScalar(c));
  while (c.acceptPunct(','));
  c.expectPunct(']');
  return values;
}

/** `30 days`: a positive amount and a unit, singular or plural. */
export function expectSpan(c: Cursor, context?: string): Span {
  const token = c.token;
  if (token.kind !== 'number') return c.fail(['an amount of time such as 30 days'], context);
  c.next();
  if (!(token.value > 0)) c.failAt(token, ['a positive amount of time'], context);
  const unitToken = c.token;
  const unit = unitToken.kind === 'word' ? unitFromWord(unitToken.value) : undefined;
  if (unit === undefined) return c.fail([A_UNIT], `after ${token.text}`);
  c.next();
  return { amount: token.value, unit };
}

/** An optional window: `in last 30 days`, `ever` (null) or nothing (null). */
export function acceptWindow(c: Cursor): Span | null {
  if (c.acceptWord('ever')) return null;
  const inToken = c.acceptWord('in');
  if (!inToken) return null;
  c.expectWord('last', `after "${inToken.text}"`);
  return expectSpan(c, 'after "in last"');
}

/** An optional count: `at least 2 times`, `at most 1 time`, `exactly 3 times`. */
export function acceptCount(c: Cursor): CountTest | undefined {
  let op: CountTest['op'];
  let words: string;
  const at = c.acceptWord('at');
  if (at) {
    const which = c.expectWord(['least', 'most'], `after "${at.text}"`);
    op = which.value.toLowerCase() === 'least' ? 'atLeast' : 'atMost';
    words = `"${at.text} ${which.text}"`;
  } else {
    const exactly = c.acceptWord('exactly');
    if (!exactly) return undefined;
    op = 'exactly';
    words = `"${exactly.text}"`;
  }
  const n = c.token;
  if (n.kind !== 'number') return c.fail(['a number'], `after ${words}`);
  c.next();
  if (!Number.isInteger(n.value) || n.value < 0) c.failAt(n, ['a non-negative integer'], `after ${words}`);
  c.expectWord(['times', 'time'], `after ${n.text}`);
  return { op, n: n.value };
}

/** `"Order Completed"` with optional filters `[revenue > 0, coupon exists]`. */
export function expectEventSpec(c: Cursor, context?: string): EventSpec {
  const event = expectName(c, 'an event name', context);
  if (!c.acceptPunct('[')) return { event };
  const where: PropertyFilter[] = [];
  do where.push(expectFilter(c));
  while (c.acceptPunct(','));
  c.expectPunct(']');
  return { event, where };
}

function expectFilter(c: Cursor): PropertyFilter {
  const property = expectPath(c, 'a property name');
  const test = acceptValueTest(c);
  if (!test) return c.fail([], `after the property ${JSON.stringify(property)}`);
  return { property, ...test };
}

/** Consumes a value test when one starts here; notes the alternatives otherwise. */
export function acceptValueTest(c: Cursor): ValueTest | undefined {
  const op = acceptCmp(c);
  if (op) return { op, value: expectScalar(c, `after "${c.previous.text}"`) };
  if (c.acceptWord('in')) return { op: 'in', values: expectScalarList(c, 'after "in"') };
  const contains = c.acceptWord('contains');
  if (contains) return { op: 'contains', value: expectString(c, `after "${contains.text}"`) };
  if (c.acceptWord('exists')) return { op: 'exists' };
  return undefined;
}

/** Any string, empty included (a substring or a date). */
export function expectString(c: Cursor, context?: string): string {
  const token = c.token;
  if (token.kind !== 'string') return c.fail(['a string'], context);
  c.next();
  return token.value;
}
