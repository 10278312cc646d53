import { type CompiledRule, compileRule, type Rule } from '../rules/index.ts';
import type { JourneyDefinition, JourneyNode } from './model.ts';

/**
 * A journey version ready to run: its nodes by id and every rule compiled once (the exit, the goal,
 * each branch, split case and wait-for), reused for every customer and step.
 */
export type CompiledJourney = {
  readonly id: number;
  readonly version: number;
  readonly definition: JourneyDefinition;
  readonly nodes: ReadonlyMap<string, JourneyNode>;
  readonly exit: CompiledRule | null;
  readonly goal: CompiledRule | null;
  /** A node's compiled rule (branch, wait-for) by node id, and split cases by `id#index`. */
  readonly rules: ReadonlyMap<string, CompiledRule>;
};

/** Compiles one published version of a journey. */
export function compileJourney(id: number, version: number, definition: JourneyDefinition): CompiledJourney {
  const rules = new Map<string, CompiledRule>();
  for (const node of definition.nodes) {
    if (node.kind === 'branch') rules.set(node.id, compileRule(node.rule));
    if (node.kind === 'wait-for' && node.rule) rules.set(node.id, compileRule(node.rule));
    if (node.kind === 'split')
      for (const [i, c] of node.cases.entries()) rules.set(`${node.id}#${i}`, compileRule(c.rule));
  }
  return {
    id,
    version,
    definition,
    nodes: new Map(definition.nodes.map((n) => [n.id, n])),
    exit: definition.exit ? compileRule(definition.exit) : null,
    goal: definition.goal?.rule ? compileRule(definition.goal.rule) : null,
    rules,
  };
}

/**
 * Every rule a journey evaluates on the engine's state: the engine keeps the features they read, as it
 * does for the lifecycle model and segments.
 */
export function journeyRules(definition: JourneyDefinition): Rule[] {
  const out: Rule[] = [];
  if (definition.exit) out.push(definition.exit);
  if (definition.goal?.rule) out.push(definition.goal.rule);
  for (const node of definition.nodes) {
    if (node.kind === 'branch') out.push(node.rule);
    if (node.kind === 'wait-for' && node.rule) out.push(node.rule);
    if (node.kind === 'split') for (const c of node.cases) out.push(c.rule);
  }
  return out;
}
