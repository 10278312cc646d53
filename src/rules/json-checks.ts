import { formatAlternatives, type RuleError } from './errors.ts';

/**
 * Small validators for JSON node trees. Each takes the value and its JSON path (`$.rules[0].op`)
 * and either returns the value typed or throws a `JsonFailure` naming the path, what was expected
 * and what was found; `ruleFromJson` turns that back into an error value.
 */

/** Thrown inside the validator only. */
export class JsonFailure extends Error {
  readonly error: RuleError;
  constructor(error: RuleError) {
    super(error.message);
    this.error = error;
  }
}

/** A JSON object whose values are still unchecked. */
export type JsonObject = Record<string, unknown>;

/** Fails at `path`: expected the alternatives, found `got`. */
export function fail(path: string, expected: string[], got: unknown): never {
  if (got === undefined) return failFound(path, expected, 'but it is missing');
  return failFound(path, expected, `got ${describeValue(got)}`);
}

/** Fails at `path`: expected the alternatives, then `found` (`got an array of 1`). */
export function failFound(path: string, expected: string[], found: string): never {
  const message = `${path}: expected ${formatAlternatives(expected)}, ${found}`;
  throw new JsonFailure({ message, path, expected });
}

/** Fails at `path` with a message of its own. */
export function failWith(path: string, message: string): never {
  throw new JsonFailure({ message: `${path}: ${message}`, path });
}

/** How a value reads in an error message. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string': {
      const quoted = JSON.stringify(value);
      return quoted.length > 40 ? `${quoted.slice(0, 37)}..."` : quoted;
    }
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** The path of a key or an index below `path`. */
export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** A plain object, described as `what` when it is not one. */
export function object(value: unknown, path: string, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, [what], value);
  return value as JsonObject;
}

/** Refuses any key of `obj` that is not in `allowed`. */
export function onlyKeys(obj: JsonObject, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      const expected = allowed.map((name) => `"${name}"`);
      throw new JsonFailure({
        message: `${child(path, key)}: unknown key; expected only ${formatAlternatives(expected)} here`,
        path: child(path, key),
        expected,
      });
    }
  }
}

/** One of a fixed set of strings. */
export function oneOf<T extends string>(value: unknown, path: string, options: readonly T[]): T {
  if (typeof value !== 'string' || !options.includes(value as T)) {
    fail(path, [`one of ${options.map((option) => `"${option}"`).join(', ')}`], value);
  }
  return value as T;
}

/** A non-empty string, described as `what` (`a non-empty event name`). */
export function nonEmptyString(value: unknown, path: string, what: string): string {
  if (typeof value !== 'string' || value === '') fail(path, [what], value);
  return value;
}

/** Any string. */
export function string(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, ['a string'], value);
  return value;
}

/** A finite number; -0 becomes 0, which is how it prints and reads back. */
export function finiteNumber(value: unknown, path: string, what = 'a finite number'): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, [what], value);
  return value === 0 ? 0 : value;
}

/** A string, a finite number, a boolean or null. */
export function scalar(value: unknown, path: string): string | number | boolean | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  return finiteNumber(value, path, 'a string, a finite number, true, false or null');
}

/** An array, described as `what` when it is not one. */
export function array(value: unknown, path: string, what: string): unknown[] {
  if (!Array.isArray(value)) fail(path, [what], value);
  return value;
}

/** Reads every element of an array, holes included (`map` would skip them). */
export function each<T>(values: unknown[], path: string, read: (value: unknown, path: string) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < values.length; i++) out.push(read(values[i], child(path, i)));
  return out;
}
