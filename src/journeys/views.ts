import type { Static } from 'typebox';
import { type Holds, iso, type Same } from '../core/index.ts';
import type { Entry, PathStep } from './entry.ts';
import { journeyToDocument, toPlain } from './journey-document.ts';
import type { JourneyRecord } from './journey-storage.ts';
import type {
  CustomerJourneysSchema,
  JourneyDryRunSchema,
  JourneyListSchema,
  JourneySchema,
  JourneyStatsSchema,
} from './schemas.ts';
import type { Simulation } from './simulate.ts';
import type { journeyStats } from './stats.ts';

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** A journey as the API shows it: its draft in both forms, and which version runs. */
export const journeyView = (j: JourneyRecord) => ({
  ...journeySummary(j),
  document: toPlain(j.draft),
  yaml: journeyToDocument(j.draft),
});

export const journeySummary = (j: JourneyRecord) => ({
  id: j.id,
  key: j.key,
  name: j.name,
  status: j.status,
  liveVersion: j.liveVersion,
  createdAt: iso(j.createdAt),
  updatedAt: iso(j.updatedAt),
});

type StepView = {
  at: string;
  node: string | null;
  outcome: string;
  detail: string;
  facts?: Record<string, unknown>[];
};

const stepView = (p: PathStep): StepView => {
  const v: StepView = { at: iso(p.at), node: p.node, outcome: p.outcome, detail: p.detail };
  if (p.facts) v.facts = p.facts as unknown as Record<string, unknown>[];
  return v;
};

/** One entry of a customer's, with the path it took and why each branch went the way it did. */
export const entryView = (e: Entry & { steps: PathStep[] }) => ({
  entryId: e.id,
  journeyId: e.journeyId,
  version: e.version,
  status: e.status,
  node: e.node,
  endReason: e.endReason,
  variant: e.variant,
  enteredAt: iso(e.enteredAt),
  wakeAt: isoOrNull(e.wakeAt),
  convertedAt: isoOrNull(e.convertedAt),
  endedAt: isoOrNull(e.endedAt),
  path: e.steps.map(stepView),
});

// The views and the response schemas must not drift apart (see core/schema-check.ts).
export type ViewsAgree = [
  Holds<Same<Static<typeof JourneySchema>, ReturnType<typeof journeyView>>>,
  Holds<Same<Static<typeof JourneyListSchema>['items'][number], ReturnType<typeof journeySummary>>>,
  Holds<Same<Static<typeof CustomerJourneysSchema>['items'][number], ReturnType<typeof entryView>>>,
  Holds<Same<Static<typeof JourneyStatsSchema>, ReturnType<typeof journeyStats>>>,
];

/** A simulated path as the dry run shows it. */
export const dryRunView = (customerId: number, version: number | 'draft', s: Simulation) => ({
  customerId,
  version,
  assumptions:
    'entered now; nothing more happens to them: each wait ends when due, awaited events never come, rules see their state as it stands then; a holdout draw is left out',
  path: s.path.map(stepView),
  actions: s.actions.map((a) => ({
    at: iso(a.at),
    node: a.nodeId,
    kind: a.kind,
    what: a.kind === 'send' ? `${a.channel} ${a.template}` : `${a.trait} = ${JSON.stringify(a.value)}`,
  })),
  endReason: s.endReason as string | null,
  endedAt: isoOrNull(s.endedAt),
});

export type DryRunAgrees = Holds<Same<Static<typeof JourneyDryRunSchema>, ReturnType<typeof dryRunView>>>;
