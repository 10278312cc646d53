import { type Rule, spanMs } from './ast.ts';
import { numberTest } from './compare.ts';
import type { EventFacts } from './context.ts';
import { featureKey } from './context.ts';
import { cmpText, countText, formatNumber, shortBy, specText, timesText, windowText } from './describe.ts';
import type { Leaf, Measure } from './leaf.ts';

type Performed = Extract<Rule, { kind: 'performed' }>;
type Aggregate = Extract<Rule, { kind: 'aggregate' }>;

/** Compiles `performed "X" … times [in last …]`: a count of the feature's events in the window. */
export function performedLeaf(rule: Performed): Leaf {
  const key = featureKey(rule.event, null);
  const windowMs = rule.window === null ? null : spanMs(rule.window);
  const { op, n } = rule.count;
  const holds =
    op === 'atLeast'
      ? (c: number) => c >= n
      : op === 'atMost'
        ? (c: number) => c <= n
        : (c: number) => c === n;
  const count = (ctx: { now: number; events(key: string): EventFacts }) =>
    ctx.events(key).count(windowMs === null ? null : ctx.now - windowMs);
  return {
    test: (ctx) => holds(count(ctx)),
    nextChange(ctx) {
      if (windowMs === null) return null;
      const facts = ctx.events(key);
      const c = facts.count(ctx.now - windowMs);
      // With no new events a windowed count only falls, so a count already too low stays wrong
      // (and one low enough for `at most` stays right): nothing to wake for.
      if (op === 'atMost' ? c <= n : c < n) return null;
      return facts.nextExit(windowMs, ctx.now);
    },
    measure(ctx) {
      const c = count(ctx);
      const passed = holds(c);
      const needs = `; needs ${countText(rule.count)}`;
      const detail =
        c === 0 && windowMs === null
          ? `never performed ${specText(rule.event)}${needs}`
          : `performed ${timesText(c)}${windowText(rule.window)}${needs}`;
      const m: Measure = { passed, actual: c, detail };
      if (!passed) m.shortBy = Math.abs(c - n);
      return m;
    },
  };
}

type Read = (facts: EventFacts, since: number | null) => number | null;

const READS: Record<Aggregate['fn'], Read> = {
  sum: (f, since) => f.sum(since),
  avg: (f, since) => f.avg(since),
  min: (f, since) => f.min(since),
  max: (f, since) => f.max(since),
};

/** Compiles `sum(p) of "X" [in last …] <cmp> v` (and avg, min, max); no value at all is false. */
export function aggregateLeaf(rule: Aggregate): Leaf {
  const key = featureKey(rule.event, rule.property);
  const windowMs = rule.window === null ? null : spanMs(rule.window);
  const read = READS[rule.fn];
  const cmp = numberTest(rule.op);
  const value = rule.value;
  const current = (ctx: { now: number; events(key: string): EventFacts }) =>
    read(ctx.events(key), windowMs === null ? null : ctx.now - windowMs);
  // Events leaving the window can only lower a max and raise a min: a max already too low for
  // `>`/`>=`, or a min already too high for `<`/`<=`, stays so until new events arrive.
  const stuckWhenFalse =
    (rule.fn === 'max' && (rule.op === 'gt' || rule.op === 'gte')) ||
    (rule.fn === 'min' && (rule.op === 'lt' || rule.op === 'lte'));
  return {
    test(ctx) {
      const v = current(ctx);
      return v !== null && cmp(v, value);
    },
    nextChange(ctx) {
      if (windowMs === null) return null;
      const facts = ctx.events(key);
      const v = read(facts, ctx.now - windowMs);
      // No value means no event in the window: leaving events cannot change that.
      if (v === null || (stuckWhenFalse && !cmp(v, value))) return null;
      return facts.nextExit(windowMs, ctx.now);
    },
    measure(ctx) {
      const v = current(ctx);
      const passed = v !== null && cmp(v, value);
      const label = `${rule.fn}(${rule.property})`;
      const needs = `; needs ${cmpText(rule.op)} ${formatNumber(value)}`;
      const detail =
        v === null
          ? `${label} has no values${windowText(rule.window)}${needs}`
          : `${label} is ${formatNumber(v)}${windowText(rule.window)}${needs}`;
      const m: Measure = { passed, actual: v, detail };
      const by = passed || v === null ? undefined : shortBy(rule.op, v, value);
      if (by !== undefined) m.shortBy = by;
      return m;
    },
  };
}
