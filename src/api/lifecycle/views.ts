import type { Static } from 'typebox';
import { type Holds, iso, type Same } from '../../core/index.ts';
import type {
  DryRunReport,
  RecomputeStatus,
  StageExplanation,
  StageHistoryEntry,
  StoredModel,
} from '../../engine/index.ts';
import type {
  DryRunSchema,
  ExplanationSchema,
  LifecycleViewSchema,
  PublishedSchema,
  StageHistorySchema,
} from '../../lifecycle/index.ts';
import { modelToDocument, PRESET_NAMES } from '../../lifecycle/index.ts';
import { printRule } from '../../rules/index.ts';

/**
 * The lifecycle API's answers from the engine's records: the same data with its epoch-ms times as ISO
 * strings. They live at the edge because the records are the engine's and the schemas lifecycle's.
 */
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** A recompute's progress, or null before any model. */
export const recomputeView = (r: RecomputeStatus | null) =>
  r && { ...r, startedAt: iso(r.startedAt), finishedAt: isoOrNull(r.finishedAt) };

type Version = { version: number; createdAt: number; active: boolean };

/** The active model with each rule in text and as its node tree, its YAML document and the versions. */
export const lifecycleView = (
  active: StoredModel | null,
  versions: Version[],
  recompute: RecomputeStatus | null,
) => ({
  version: active?.version ?? null,
  createdAt: active ? iso(active.createdAt) : null,
  model: active && {
    ...active.model,
    // The node tree goes out as it is stored; the schema leaves its shape to the rule language.
    stages: active.model.stages.map((s) => ({ ...s, rule: printRule(s.rule), ruleJson: s.rule as unknown })),
  },
  document: active ? modelToDocument(active.model) : null,
  recompute: recomputeView(recompute),
  versions: versions.map((v) => ({ ...v, createdAt: iso(v.createdAt) })),
  presets: [...PRESET_NAMES] as string[],
});

/** What publishing the model would move, and nothing published. */
export const dryRunView = (report: DryRunReport) => ({ dryRun: true as const, ...report });

/** One move of a customer's stage history. */
export const moveView = (m: StageHistoryEntry) => ({ ...m, at: iso(m.at) });

/** Why a customer is in their stage (see explainStage). */
export const explanationView = (e: StageExplanation) => ({
  ...e,
  stage: e.stage && { ...e.stage, since: isoOrNull(e.stage.since) },
  evaluatedAt: iso(e.evaluatedAt),
  nextCheck: isoOrNull(e.nextCheck),
});

// The views and the response schemas must not drift apart (see core/schema-check.ts).
export type ViewsAgree = [
  Holds<Same<Static<typeof LifecycleViewSchema>, ReturnType<typeof lifecycleView>>>,
  Holds<Same<Static<typeof PublishedSchema>['recompute'], ReturnType<typeof recomputeView>>>,
  Holds<Same<Static<typeof DryRunSchema>, ReturnType<typeof dryRunView>>>,
  Holds<Same<Static<typeof StageHistorySchema>['items'][number], ReturnType<typeof moveView>>>,
  Holds<Same<Static<typeof ExplanationSchema>, ReturnType<typeof explanationView>>>,
];
