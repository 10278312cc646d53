import { type Rule, type RuleKind, TIME_UNITS } from './ast.ts';
import type { RuleResult } from './errors.ts';
import { readCount, readEventSpec, readSinceRef, readTraitTest, readWindow } from './from-json-parts.ts';
import {
  array,
  child,
  each,
  failFound,
  failWith,
  finiteNumber,
  JsonFailure,
  type JsonObject,
  nonEmptyString,
  object,
  oneOf,
  onlyKeys,
} from './json-checks.ts';
import { AGGREGATE_FNS, CMPS, MAX_DEPTH } from './syntax.ts';

// The keys each kind of node may carry, `kind` included.
const KEYS: Record<RuleKind, readonly string[]> = {
  always: [],
  and: ['rules'],
  or: ['rules'],
  not: ['rule'],
  trait: ['trait', 'test'],
  performed: ['event', 'count', 'window'],
  aggregate: ['fn', 'property', 'event', 'window', 'op', 'value'],
  since: ['unit', 'of', 'op', 'value'],
  stage: ['op', 'stages'],
  inStage: ['unit', 'op', 'value'],
  segment: ['segment'],
  prediction: ['name', 'op', 'value'],
};

const KINDS = Object.keys(KEYS) as RuleKind[];

/**
 * Validates a JSON node tree strictly (unknown keys, wrong types and out-of-range numbers are all
 * refused, each error naming its JSON path) and returns a canonical copy that `printRule` and
 * `parseRule` carry through unchanged.
 */
export function ruleFromJson(value: unknown): RuleResult {
  try {
    return { ok: true, rule: readRule(value, '$', 1) };
  } catch (error) {
    if (error instanceof JsonFailure) return { ok: false, error: error.error };
    throw error;
  }
}

function readRule(value: unknown, path: string, depth: number): Rule {
  // Checked first so that a cyclic tree stops here too.
  if (depth > MAX_DEPTH) failWith(path, `the rule is nested too deeply (at most ${MAX_DEPTH} levels)`);
  const obj = object(value, path, 'a rule object {"kind", …}');
  const kind = oneOf(obj.kind, child(path, 'kind'), KINDS);
  onlyKeys(obj, path, ['kind', ...KEYS[kind]]);
  const at = (key: string) => child(path, key);
  switch (kind) {
    case 'always':
      return { kind };
    case 'and':
    case 'or': {
      const rules = array(obj.rules, at('rules'), 'an array of at least 2 rules');
      if (rules.length < 2) {
        failFound(at('rules'), ['an array of at least 2 rules'], `got ${count(rules, 'rule')}`);
      }
      return {
        kind,
        rules: each(rules, at('rules'), (rule, rulePath) => readRule(rule, rulePath, depth + 1)),
      };
    }
    case 'not':
      return { kind, rule: readRule(obj.rule, at('rule'), depth + 1) };
    case 'trait':
      return {
        kind,
        trait: nonEmptyString(obj.trait, at('trait'), 'a non-empty trait name'),
        test: readTraitTest(obj.test, at('test')),
      };
    case 'performed':
      return {
        kind,
        event: readEventSpec(obj.event, at('event')),
        count: readCount(obj.count, at('count')),
        window: readWindow(obj.window, at('window')),
      };
    case 'aggregate':
      return {
        kind,
        fn: oneOf(obj.fn, at('fn'), AGGREGATE_FNS),
        property: nonEmptyString(obj.property, at('property'), 'a non-empty property name'),
        event: readEventSpec(obj.event, at('event')),
        window: readWindow(obj.window, at('window')),
        ...comparison(obj, path),
      };
    case 'since':
      return {
        kind,
        unit: oneOf(obj.unit, at('unit'), TIME_UNITS),
        of: readSinceRef(obj.of, at('of')),
        ...comparison(obj, path),
      };
    case 'stage':
      return readStage(obj, path);
    case 'inStage':
      return { kind, unit: oneOf(obj.unit, at('unit'), TIME_UNITS), ...comparison(obj, path) };
    case 'segment':
      return { kind, segment: nonEmptyString(obj.segment, at('segment'), 'a non-empty segment key') };
    case 'prediction':
      return {
        kind,
        name: nonEmptyString(obj.name, at('name'), 'a non-empty prediction name'),
        ...comparison(obj, path),
      };
  }
}

function comparison(obj: JsonObject, path: string) {
  return {
    op: oneOf(obj.op, child(path, 'op'), CMPS),
    value: finiteNumber(obj.value, child(path, 'value')),
  };
}

function readStage(obj: JsonObject, path: string): Rule {
  const op = oneOf(obj.op, child(path, 'op'), ['eq', 'ne', 'in'] as const);
  const stagesPath = child(path, 'stages');
  const what = op === 'in' ? 'an array of at least one stage key' : 'an array of exactly one stage key';
  const stages = array(obj.stages, stagesPath, what);
  if (op === 'in' ? stages.length === 0 : stages.length !== 1) {
    failFound(stagesPath, [what], `got ${count(stages, 'key')}`);
  }
  const keys = each(stages, stagesPath, (key, keyPath) =>
    nonEmptyString(key, keyPath, 'a non-empty stage key'),
  );
  return { kind: 'stage', op, stages: keys };
}

function count(items: unknown[], noun: string): string {
  return items.length === 0
    ? 'an empty array'
    : `an array of ${items.length} ${noun}${items.length === 1 ? '' : 's'}`;
}
