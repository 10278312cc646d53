import { type Cmp, type Rule, type TimeUnit, unitMs } from './ast.ts';
import { numberTest } from './compare.ts';
import { featureKey, type RuleContext } from './context.ts';
import { amountText, cmpText, formatNumber, round2, shortBy, specText } from './describe.ts';
import type { Leaf, Measure } from './leaf.ts';
import { firstFlip } from './timing.ts';

type Since = Extract<Rule, { kind: 'since' }>;
type InStage = Extract<Rule, { kind: 'inStage' }>;

/** Compiles `<unit> since first|last "X" | last activity | first seen <cmp> v`. */
export function sinceLeaf(rule: Since): Leaf {
  const of = rule.of;
  let ref: (ctx: RuleContext) => number | null;
  let label: string;
  let missing: string;
  if (of.kind === 'first' || of.kind === 'last') {
    const key = featureKey(of.event, null);
    ref = of.kind === 'first' ? (ctx) => ctx.events(key).first() : (ctx) => ctx.events(key).last();
    label = `since ${of.kind} ${specText(of.event)}`;
    missing = `never performed ${specText(of.event)}`;
  } else if (of.kind === 'lastActivity') {
    ref = (ctx) => ctx.lastActivity;
    label = 'since last activity';
    missing = 'no activity yet';
  } else {
    ref = (ctx) => ctx.firstSeen;
    label = 'since first seen';
    missing = 'never seen';
  }
  return elapsedLeaf(ref, rule.unit, rule.op, rule.value, () => label, missing);
}

/** Compiles `<unit> in stage <cmp> v`: time since the customer entered their current stage. */
export function inStageLeaf(rule: InStage): Leaf {
  return elapsedLeaf(
    (ctx) => ctx.stageSince,
    rule.unit,
    rule.op,
    rule.value,
    (ctx) => (ctx.stage === null ? 'in stage' : `in stage ${JSON.stringify(ctx.stage)}`),
    'not in a stage',
  );
}

/**
 * A comparison of the time elapsed since a reference moment, in `unit` (fractional), with `value`;
 * false when there is no reference moment. It changes with no new data only where the elapsed time
 * crosses `value`, at ref + value · unitMs.
 */
function elapsedLeaf(
  ref: (ctx: RuleContext) => number | null,
  unit: TimeUnit,
  op: Cmp,
  value: number,
  label: (ctx: RuleContext) => string,
  missing: string,
): Leaf {
  const ms = unitMs(unit);
  const cmp = numberTest(op);
  const crossing = value * ms;
  return {
    test(ctx) {
      const r = ref(ctx);
      return r !== null && cmp((ctx.now - r) / ms, value);
    },
    nextChange(ctx) {
      const r = ref(ctx);
      if (r === null) return null;
      return firstFlip((t) => cmp((t - r) / ms, value), ctx.now, [r + crossing]);
    },
    measure(ctx) {
      const r = ref(ctx);
      const needs = `; needs ${cmpText(op)} ${formatNumber(value)}`;
      if (r === null) return { passed: false, actual: null, detail: missing };
      const elapsed = (ctx.now - r) / ms;
      const passed = cmp(elapsed, value);
      const actual = round2(elapsed);
      const m: Measure = { passed, actual, detail: `${amountText(actual, unit)} ${label(ctx)}${needs}` };
      const by = passed ? undefined : shortBy(op, elapsed, value);
      if (by !== undefined) m.shortBy = round2(by);
      return m;
    },
  };
}
