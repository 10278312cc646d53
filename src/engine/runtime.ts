import { FeaturePlan } from '../features/index.ts';
import { type CompiledModel, compileModel, type LifecycleModel } from '../lifecycle/index.ts';
import { type CompiledRule, compileRule, type FeatureNeed, printRule, type Rule } from '../rules/index.ts';

/** A segment as stored: rule segments are evaluated, static ones only listed. */
export type SegmentDefinition = { id: number; key: string; kind: 'rule' | 'static'; rule: Rule | null };

export type ActiveModel = { version: number; model: LifecycleModel };

/**
 * Rules another capability evaluates on the engine's state (a journey's branches, waits, exit and goal),
 * under an owner such as `journey:12`: the engine keeps the features they read, and hands every step's
 * customers of a watched workspace to its reactors even when it has no model and no segments.
 */
export type WatcherDefinition = { owner: string; rules: Rule[] };

/**
 * Everything the engine runs for one workspace, compiled once: the active lifecycle model, the rule
 * segments and the feature plan that serves both. `generation` says which configuration it was built
 * from, so the engine notices when an API call changed it.
 */
export class WorkspaceRuntime {
  readonly workspaceId: number;
  readonly generation: number;
  readonly modelVersion: number | null;
  readonly model: CompiledModel | null;
  /** Each stage's rule in text form, as recorded on the moves it decides. */
  readonly ruleTexts: ReadonlyMap<string, string>;
  readonly segments: readonly { id: number; key: string; rule: CompiledRule }[];
  readonly segmentIds: ReadonlyMap<string, number>;
  readonly segmentDefinitions: readonly SegmentDefinition[];
  readonly watchers: readonly WatcherDefinition[];
  readonly plan: FeaturePlan;

  constructor(
    workspaceId: number,
    generation: number,
    active: ActiveModel | null,
    segments: SegmentDefinition[],
    watchers: readonly WatcherDefinition[] = [],
  ) {
    this.workspaceId = workspaceId;
    this.generation = generation;
    this.modelVersion = active?.version ?? null;
    this.model = active ? compileModel(active.model) : null;
    this.ruleTexts = new Map(active?.model.stages.map((s) => [s.key, printRule(s.rule)]) ?? []);
    this.segments = segments
      .filter((s) => s.kind === 'rule' && s.rule)
      .map((s) => ({ id: s.id, key: s.key, rule: compileRule(s.rule!) }));
    this.segmentDefinitions = segments;
    this.segmentIds = new Map(segments.map((s) => [s.key, s.id]));
    const needs: FeatureNeed[] = [...(this.model?.needs ?? [])];
    for (const s of this.segments) needs.push(...s.rule.needs);
    this.watchers = watchers;
    for (const w of watchers) for (const r of w.rules) needs.push(...compileRule(r).needs);
    this.plan = new FeaturePlan(needs);
  }
}
