import {
  type CompiledRule,
  compileRule,
  type Evaluation,
  type Fact,
  type FeatureNeed,
  type RuleContext,
} from '../rules/index.ts';
import { mergeNeeds, mergeReads, type Reads } from './merge-needs.ts';
import type { LifecycleModel, StageDef } from './model.ts';

/** The stage a customer belongs in now, with the deciding rule's evaluation. */
export type Decision = {
  stage: string;
  /** The deciding stage's rule, evaluated; for the fallback, an empty passed evaluation. */
  evaluation: Evaluation;
  /** How many stage rules were tested to decide (including the one that held). */
  checked: number;
};

/** A stage checked before the winner, and the facts that kept the customer out of it. */
export type PassedOver = { stage: string; name: string; failed: Fact[] };

/** Why a customer is in a stage: the facts of the rule that held, and of every rule checked before it. */
export type Explanation = { stage: string; why: Fact[]; above: PassedOver[] };

/** A lifecycle model ready to place customers. */
export type CompiledModel = {
  readonly model: LifecycleModel;
  /** The stages in the order their rules are checked (see `compileModel`). */
  readonly order: readonly StageDef[];
  /** The stage a customer gets when no rule holds: the first lifecycle stage. */
  readonly fallback: StageDef;
  /** Event features every stage rule reads, merged by key with the longest horizon. */
  readonly needs: FeatureNeed[];
  readonly reads: Reads;
  decide(ctx: RuleContext): Decision;
  explain(ctx: RuleContext): Explanation;
  /** The earliest time after `ctx.now` at which any stage rule could change its answer, or null. */
  nextChange(ctx: RuleContext): number | null;
};

type Checked = { def: StageDef; rule: CompiledRule };

/**
 * Compiles a model's stage rules and fixes the order in which they are checked. This is THE POLICY
 * that places a customer, and it is deterministic: the first stage, in this order, whose rule holds.
 *
 * 1. Lapse states, in listed order. List the deepest first (churned before at_risk): lapsing is
 *    about time without activity, and it overrides whatever the customer did before going quiet.
 * 2. The reactivation stage. Its rule sees the customer's stage *before* this evaluation (`stage`
 *    predicates and `days in stage`), so `stage in ["at_risk", "churned"] or (stage = "reactivated"
 *    and days in stage < 30)` says "came back from a lapse; stays reactivated for 30 days".
 * 3. Lifecycle stages from the LAST listed to the first: the furthest stage whose rule holds wins,
 *    so each rule only says what earns its stage, not what keeps the customer out of later ones.
 * 4. When no rule holds, the first lifecycle stage.
 *
 * Stages move both ways: when a rule stops holding (a purchase leaves a window, 30 days in
 * reactivated pass) the next decision places the customer by the same order again.
 * `nextChange` names the moment to decide again when no new data arrives.
 *
 * @throws when the model has no lifecycle stage (a validated document always has one).
 */
export function compileModel(model: LifecycleModel): CompiledModel {
  const of = (kind: StageDef['kind']) => model.stages.filter((s) => s.kind === kind);
  const lifecycle = of('lifecycle');
  if (lifecycle.length === 0) throw new Error(`model "${model.name}" has no lifecycle stage`);
  const order = [...of('lapse'), ...of('reactivation'), ...lifecycle.toReversed()];
  const compiled = new Map(model.stages.map((def) => [def, compileRule(def.rule)]));
  const checks: Checked[] = order.map((def) => ({ def, rule: compiled.get(def)! }));
  const fallback = lifecycle[0];
  // Needs and reads in the document's order, which is how people read them.
  const rules = [...compiled.values()];

  return {
    model,
    order,
    fallback,
    needs: mergeNeeds(rules.map((r) => r.needs)),
    reads: mergeReads(rules.map((r) => r.reads)),
    decide(ctx) {
      // `test` short-circuits; only the winner pays for a full evaluation.
      for (let i = 0; i < checks.length; i++) {
        const { def, rule } = checks[i];
        if (rule.test(ctx)) return { stage: def.key, evaluation: rule.evaluate(ctx), checked: i + 1 };
      }
      return { stage: fallback.key, evaluation: { passed: true, facts: [] }, checked: checks.length };
    },
    explain(ctx) {
      const above: PassedOver[] = [];
      for (const { def, rule } of checks) {
        const evaluation = rule.evaluate(ctx);
        if (evaluation.passed) return { stage: def.key, why: evaluation.facts, above };
        above.push({ stage: def.key, name: def.name, failed: evaluation.facts.filter(countsAgainst) });
      }
      return { stage: fallback.key, why: [], above };
    },
    nextChange(ctx) {
      let earliest: number | null = null;
      for (const rule of rules) {
        const t = rule.nextChange(ctx);
        if (t !== null && (earliest === null || t < earliest)) earliest = t;
      }
      return earliest;
    },
  };
}

/**
 * Whether a leaf's fact speaks against its rule: a leaf that failed, or one that held under an odd
 * number of `not`s (a fact's `passed` is the leaf's own truth, and `not` children sit at `.rule`).
 */
function countsAgainst(fact: Fact): boolean {
  const negations = fact.path.match(/\.rule(?!s)/g)?.length ?? 0;
  return fact.passed === (negations % 2 === 1);
}
