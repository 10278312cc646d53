import { type DocumentPath, type Problem, ruleOf } from '../lifecycle/index.ts';
import {
  type EventSpec,
  parseRule,
  type Rule,
  type Span,
  TIME_UNITS,
  type TimeUnit,
} from '../rules/index.ts';
import type { TimeOfDay } from './model.ts';

/**
 * Readers for the values a journey document holds. Each reports a fault at its path into `out` and
 * returns undefined, so that one read finds every problem of a document, not only the first.
 */
export type Reader<T> = (value: unknown, path: DocumentPath, out: Problem[]) => T | undefined;

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const describe = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'string' ? `"${v}"` : typeof v;

/** An object with only the keys named (required ones first); unknown keys are refused by name. */
export function objectWith(
  value: unknown,
  path: DocumentPath,
  out: Problem[],
  required: readonly string[],
  optional: readonly string[] = [],
): Record<string, unknown> | undefined {
  if (!isObject(value)) {
    out.push({ path, message: `must be an object, found ${describe(value)}` });
    return undefined;
  }
  const known = [...required, ...optional];
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      out.push({ path: [...path, key], message: `unknown key; expected ${known.join(', ')}` });
  }
  let complete = true;
  for (const key of required) {
    if (value[key] === undefined) {
      out.push({ path: [...path, key], message: 'is required' });
      complete = false;
    }
  }
  return complete ? value : undefined;
}

export const text: Reader<string> = (value, path, out) => {
  if (typeof value === 'string' && value.trim() !== '') return value;
  out.push({ path, message: `must be non-empty text, found ${describe(value)}` });
  return undefined;
};

export function oneOf<T extends string>(choices: readonly T[]): Reader<T> {
  return (value, path, out) => {
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
    out.push({ path, message: `must be one of ${choices.join(', ')}, found ${describe(value)}` });
    return undefined;
  };
}

export function numberIn(min: number, max: number): Reader<number> {
  return (value, path, out) => {
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return value;
    out.push({ path, message: `must be a number from ${min} to ${max}, found ${describe(value)}` });
    return undefined;
  };
}

export const rule: Reader<Rule> = (value, path, out) => ruleOf(value, path, out);

const SPAN_TEXT = /^\s*(\d+(?:\.\d+)?)\s*(minute|hour|day|week|month|year)s?\s*$/;

/** `"2 days"`, `"90 minutes"`, or `{amount: 2, unit: days}`; a month is 30 days, as in rules. */
export const span: Reader<Span> = (value, path, out) => {
  let amount: unknown;
  let unit: unknown;
  if (typeof value === 'string') {
    const m = SPAN_TEXT.exec(value);
    if (m) [amount, unit] = [Number(m[1]), `${m[2]}s`];
  } else if (isObject(value) && Object.keys(value).every((k) => k === 'amount' || k === 'unit')) {
    [amount, unit] = [value.amount, value.unit];
  }
  if (
    typeof amount === 'number' &&
    amount > 0 &&
    Number.isFinite(amount) &&
    TIME_UNITS.includes(unit as TimeUnit)
  )
    return { amount, unit: unit as TimeUnit };
  out.push({
    path,
    message: `must be a duration such as "2 days" or "30 minutes", found ${describe(value)}`,
  });
  return undefined;
};

/** `"09:30"` on a 24-hour clock. */
export const timeOfDay: Reader<TimeOfDay> = (value, path, out) => {
  const m = typeof value === 'string' ? /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value) : null;
  if (m) return { hour: Number(m[1]), minute: Number(m[2]) };
  out.push({ path, message: `must be a time of day "HH:MM" (24-hour), found ${describe(value)}` });
  return undefined;
};

/**
 * An event with optional property filters, written as in rules: `Signed Up`, or
 * `"Order Completed" [revenue >= 100, coupon exists]` (the name quoted when filters follow).
 */
export const eventSpec: Reader<EventSpec> = (value, path, out) => {
  const name = text(value, path, out);
  if (name === undefined) return undefined;
  if (!name.trimStart().startsWith('"')) return { event: name.trim() };
  const parsed = parseRule(`performed ${name}`);
  if (
    parsed.ok &&
    parsed.rule.kind === 'performed' &&
    parsed.rule.count.op === 'atLeast' &&
    parsed.rule.count.n === 1 &&
    parsed.rule.window === null
  )
    return parsed.rule.event;
  const why = parsed.ok ? 'takes an event name and filters only' : parsed.error.message;
  out.push({ path, message: `must be an event such as "Order Completed" [revenue > 0]: ${why}` });
  return undefined;
};

/** A node id or null (the journey ends there). */
export const next: Reader<string | null> = (value, path, out) => {
  if (value === null) return null;
  if (typeof value === 'string' && NODE_ID.test(value)) return value;
  out.push({ path, message: `must be a node id or null (the journey ends), found ${describe(value)}` });
  return undefined;
};

/** Node ids and journey keys: letters, digits, `-` and `_`, starting with a letter. */
export const NODE_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const JOURNEY_KEY = /^[a-z][a-z0-9-]{0,63}$/;
