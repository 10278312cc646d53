import type { Rule } from '../rules/index.ts';

/**
 * What a stage stands for. `lifecycle` stages are the forward path (awareness to advocacy), `lapse`
 * states catch customers who went quiet (at risk, churned) and the single `reactivation` stage holds
 * those who came back from a lapse. The kind decides when a stage's rule is checked (see `compileModel`).
 */
export type StageKind = 'lifecycle' | 'lapse' | 'reactivation';

/** The stage kinds in the order a document lists them by convention. */
export const STAGE_KINDS: readonly StageKind[] = ['lifecycle', 'lapse', 'reactivation'];

/** One stage of a lifecycle model. `key` is stable (stored in history); `name` is what people read. */
export type StageDef = {
  key: string;
  name: string;
  kind: StageKind;
  description?: string;
  /** When the customer belongs here; the first lifecycle stage's rule is usually `always`. */
  rule: Rule;
};

/**
 * A lifecycle model: the stages a customer moves between. Lifecycle stages are listed first to last;
 * lapse states deepest first (churned before at risk); only the relative order within a kind matters.
 */
export type LifecycleModel = {
  name: string;
  description?: string;
  stages: StageDef[];
};
