import type { Rule, Scalar } from './ast.ts';
import type { FeatureNeed, RuleContext } from './context.ts';
import { aggregateLeaf, performedLeaf } from './event-leaves.ts';
import type { Leaf } from './leaf.ts';
import { collectNeeds, collectReads } from './needs.ts';
import { printRule } from './print.ts';
import { alwaysLeaf, predictionLeaf, segmentLeaf, stageLeaf } from './state-leaves.ts';
import { inStageLeaf, sinceLeaf } from './time-leaves.ts';
import { traitLeaf } from './trait-leaf.ts';

/** What one leaf of a rule found for one customer: the raw material of "why is this customer here". */
export type Fact = {
  /** JSON path of the leaf in the tree: `$` for a lone leaf, `$.rules[1]`, `$.rules[0].rule`. */
  path: string;
  /** The leaf as rule text. */
  text: string;
  /** The leaf's own truth, before any enclosing `not`. */
  passed: boolean;
  /** What was measured (a count, a sum, an elapsed amount, a trait value …), or null when absent. */
  actual: Scalar;
  /** The measurement and the requirement in words. */
  detail: string;
  /** For failed numeric leaves, how far the measurement is from passing. */
  shortBy?: number;
};

/** A rule's truth with a fact for every leaf. */
export type Evaluation = { passed: boolean; facts: Fact[] };

/** A rule turned into closures, with what it reads so the engine can keep exactly that. */
export interface CompiledRule {
  readonly rule: Rule;
  /** Event features read, one per key; horizonMs is the longest window over its uses. */
  readonly needs: FeatureNeed[];
  readonly reads: { stage: boolean; segments: string[]; predictions: string[] };
  /** The rule's truth; short-circuits. The hot path. */
  test(ctx: RuleContext): boolean;
  /** The rule's truth with a fact for every leaf (nothing short-circuits, so explanations are complete). */
  evaluate(ctx: RuleContext): Evaluation;
  /**
   * The earliest time after `ctx.now` at which `test` could answer differently with no new data, or
   * null if it never can. Never later than the real change; exact where that is cheap to know.
   */
  nextChange(ctx: RuleContext): number | null;
}

type Node = {
  test(ctx: RuleContext): boolean;
  next(ctx: RuleContext): number | null;
  explain(ctx: RuleContext, facts: Fact[]): boolean;
  /** Rough cost of `test`, so that `and`/`or` try cheap children first. */
  cost: number;
};

/** Compiles a rule once; the result is reused for every customer and event. */
export function compileRule(rule: Rule): CompiledRule {
  const root = compileNode(rule, '$');
  return {
    rule,
    needs: collectNeeds(rule),
    reads: collectReads(rule),
    test: root.test,
    evaluate(ctx) {
      const facts: Fact[] = [];
      return { passed: root.explain(ctx, facts), facts };
    },
    nextChange: root.next,
  };
}

function compileNode(rule: Rule, path: string): Node {
  switch (rule.kind) {
    case 'and':
    case 'or':
      return listNode(
        rule.kind === 'and',
        rule.rules.map((r, i) => compileNode(r, `${path}.rules[${i}]`)),
      );
    case 'not': {
      const child = compileNode(rule.rule, `${path}.rule`);
      return {
        test: (ctx) => !child.test(ctx),
        next: child.next,
        explain: (ctx, facts) => !child.explain(ctx, facts),
        cost: child.cost,
      };
    }
    default:
      return leafNode(rule, path);
  }
}

/**
 * `and` (all) or `or` (any). An empty `and` holds and an empty `or` does not. Its answer is decided
 * once a child gives the deciding answer (false for `and`, true for `or`), so a child stuck at that
 * answer for good keeps the whole list where it is.
 */
function listNode(all: boolean, children: Node[]): Node {
  // Evaluation order does not change the answer, only how soon `test` can stop.
  const byCost = [...children].sort((a, b) => a.cost - b.cost);
  const n = byCost.length;
  return {
    test(ctx) {
      for (let i = 0; i < n; i++) if (byCost[i].test(ctx) !== all) return !all;
      return all;
    },
    next(ctx) {
      let earliest: number | null = null;
      for (const child of children) {
        const t = child.next(ctx);
        if (t === null) {
          if (child.test(ctx) !== all) return null;
        } else if (earliest === null || t < earliest) earliest = t;
      }
      return earliest;
    },
    explain(ctx, facts) {
      let result = all;
      for (const child of children) if (child.explain(ctx, facts) !== all) result = !all;
      return result;
    },
    cost: children.reduce((sum, c) => sum + c.cost, 0),
  };
}

const LEAF_COST: Record<Rule['kind'], number> = {
  always: 0,
  segment: 1,
  stage: 1,
  prediction: 1,
  inStage: 1,
  trait: 2,
  since: 3,
  performed: 4,
  aggregate: 4,
  and: 0,
  or: 0,
  not: 0,
};

function leafNode(rule: Rule, path: string): Node {
  const leaf = compileLeaf(rule);
  let text: string | undefined;
  return {
    test: leaf.test,
    next: leaf.nextChange,
    explain(ctx, facts) {
      text ??= printRule(rule);
      const m = leaf.measure(ctx);
      const fact: Fact = { path, text, passed: m.passed, actual: m.actual, detail: m.detail };
      if (m.shortBy !== undefined) fact.shortBy = m.shortBy;
      facts.push(fact);
      return m.passed;
    },
    cost: LEAF_COST[rule.kind],
  };
}

function compileLeaf(rule: Rule): Leaf {
  switch (rule.kind) {
    case 'always':
      return alwaysLeaf();
    case 'trait':
      return traitLeaf(rule.trait, rule.test);
    case 'performed':
      return performedLeaf(rule);
    case 'aggregate':
      return aggregateLeaf(rule);
    case 'since':
      return sinceLeaf(rule);
    case 'inStage':
      return inStageLeaf(rule);
    case 'stage':
      return stageLeaf(rule);
    case 'segment':
      return segmentLeaf(rule);
    case 'prediction':
      return predictionLeaf(rule);
    default:
      throw new TypeError(`not a leaf: ${rule.kind}`);
  }
}
