import type { Rule } from './ast.ts';

/**
 * Why a rule was refused. Text input carries the position of the offending token; JSON input
 * carries the path of the offending value. `message` always reads as a full sentence on its own.
 */
export type RuleError = {
  message: string;
  /** JSON input: where the fault is, e.g. `$.rules[1].window.amount`. */
  path?: string;
  /** Text input: 0-based offset, 1-based line and column of the offending token. */
  offset?: number;
  line?: number;
  column?: number;
  /** What would have been accepted there, e.g. `"and"`, `a number`. */
  expected?: string[];
};

/** The outcome of reading a rule: bad input is a value, never an exception. */
export type RuleResult = { ok: true; rule: Rule } | { ok: false; error: RuleError };

/** `a`, `a or b`, `a, b or c`: the alternatives of an "expected …" message. */
export function formatAlternatives(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? 'nothing';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
