import type { Rule } from './ast.ts';
import { numberTest } from './compare.ts';
import { cmpText, formatNumber, shortBy } from './describe.ts';
import type { Leaf, Measure } from './leaf.ts';

const never = () => null;

/** Compiles `always`. */
export function alwaysLeaf(): Leaf {
  return {
    test: () => true,
    nextChange: never,
    measure: () => ({ passed: true, actual: true, detail: 'always holds' }),
  };
}

/** Compiles `stage = | != | in …`; with no stage, only `!=` holds. */
export function stageLeaf(rule: Extract<Rule, { kind: 'stage' }>): Leaf {
  const stages = new Set(rule.stages);
  const negate = rule.op === 'ne';
  const holds = (stage: string | null) => (stage !== null && stages.has(stage)) !== negate;
  const list = rule.stages.map((s) => JSON.stringify(s));
  const needs = rule.op === 'in' ? `in [${list.join(', ')}]` : `${cmpText(rule.op)} ${list.join(', ')}`;
  return {
    test: (ctx) => holds(ctx.stage),
    nextChange: never,
    measure(ctx) {
      const seen = ctx.stage === null ? 'no stage' : `stage is ${JSON.stringify(ctx.stage)}`;
      return { passed: holds(ctx.stage), actual: ctx.stage, detail: `${seen}; needs ${needs}` };
    },
  };
}

/** Compiles `in segment "key"`. */
export function segmentLeaf(rule: Extract<Rule, { kind: 'segment' }>): Leaf {
  const key = rule.segment;
  const name = JSON.stringify(key);
  return {
    test: (ctx) => ctx.segments.has(key),
    nextChange: never,
    measure(ctx) {
      const passed = ctx.segments.has(key);
      return { passed, actual: passed, detail: passed ? `in segment ${name}` : `not in segment ${name}` };
    },
  };
}

/** Compiles `prediction <name> <cmp> v`; a missing or non-finite prediction is false. */
export function predictionLeaf(rule: Extract<Rule, { kind: 'prediction' }>): Leaf {
  const { name, op, value } = rule;
  const cmp = numberTest(op);
  const read = (predictions: Readonly<Record<string, number>>): number | null => {
    const v = Object.hasOwn(predictions, name) ? predictions[name] : undefined;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const needs = `; needs ${cmpText(op)} ${formatNumber(value)}`;
  return {
    test(ctx) {
      const v = read(ctx.predictions);
      return v !== null && cmp(v, value);
    },
    nextChange: never,
    measure(ctx) {
      const v = read(ctx.predictions);
      if (v === null) return { passed: false, actual: null, detail: `no prediction ${name}${needs}` };
      const passed = cmp(v, value);
      const m: Measure = { passed, actual: v, detail: `prediction ${name} is ${formatNumber(v)}${needs}` };
      const by = passed ? undefined : shortBy(op, v, value);
      if (by !== undefined) m.shortBy = by;
      return m;
    },
  };
}
