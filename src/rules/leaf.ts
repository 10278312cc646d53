import type { Json } from '../core/index.ts';
import type { Scalar } from './ast.ts';
import type { RuleContext } from './context.ts';

/** What one leaf found, before it is placed in the tree (path) and printed (text). */
export type Measure = { passed: boolean; actual: Scalar; detail: string; shortBy?: number };

/**
 * A compiled leaf of a rule. `test` is the hot path and must agree with `measure(ctx).passed`;
 * `nextChange` follows the contract of `CompiledRule.nextChange` for this leaf alone.
 */
export interface Leaf {
  test(ctx: RuleContext): boolean;
  nextChange(ctx: RuleContext): number | null;
  measure(ctx: RuleContext): Measure;
}

/**
 * A compiled test of one trait value (undefined when the trait is absent), shared by the value tests
 * and the date tests so that `traitLeaf` can wrap either.
 */
export interface TraitCheck {
  holds(value: Json | undefined, now: number): boolean;
  next(value: Json | undefined, now: number): number | null;
  /** The test as written after the path: `= "pro"`, `within last 30 days`. */
  readonly needs: string;
  /** The value as this test sees it, e.g. a date with how long ago it was. */
  show(value: Json | undefined, now: number): string;
  /** For failed numeric tests, how far the value is from passing. */
  shortBy(value: Json | undefined): number | undefined;
}
