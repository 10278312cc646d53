export * from './ast.ts';
export { type CompiledRule, compileRule, type Evaluation, type Fact } from './compile.ts';
export { type EventFacts, type FeatureNeed, featureKey, type RuleContext } from './context.ts';
export { parseIsoDate } from './dates.ts';
export type { RuleError, RuleResult } from './errors.ts';
export { ruleFromJson } from './from-json.ts';
export { parseRule } from './parse.ts';
export { printRule } from './print.ts';
