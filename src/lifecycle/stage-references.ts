import type { Rule } from '../rules/index.ts';

/** The stage keys a rule's `stage` predicates name, each once, so a model can check they exist. */
export function stageReferences(rule: Rule): string[] {
  const found = new Set<string>();
  const visit = (r: Rule): void => {
    if (r.kind === 'stage') for (const key of r.stages) found.add(key);
    else if (r.kind === 'and' || r.kind === 'or') r.rules.forEach(visit);
    else if (r.kind === 'not') visit(r.rule);
  };
  visit(rule);
  return [...found];
}
