import { AppError } from '../core/index.ts';
import type { EngineAdmin } from '../engine/index.ts';
import type { MessagingStorage, PublishedTemplates } from '../messaging/index.ts';
import type { SegmentStorage } from '../segments/index.ts';
import { journeyRules } from './compile-journey.ts';
import type { JourneyRecord, JourneyStorage } from './journey-storage.ts';
import type { JourneyDefinition } from './model.ts';
import { missingReferences } from './references.ts';
import type { NodeMoves } from './trigger-jobs.ts';

/** The nodes that hold customers between steps, and so the only ones a publish can move them from. */
const HOLDING = new Set(['wait', 'wait-until', 'wait-for']);

/** The ports publishing reads: the journeys, and what a journey may name (segments, stages, templates). */
export type PublishPorts = {
  journeys: JourneyStorage;
  segments: Pick<SegmentStorage, 'list'>;
  engine: Pick<EngineAdmin, 'getModel'>;
  templates: Pick<PublishedTemplates, 'published'>;
  messaging: Pick<MessagingStorage, 'topics'>;
};

/** The message templates and subscription topics a journey's send nodes name, each once. */
export function sendsOf(j: JourneyDefinition): { templates: string[]; topics: string[] } {
  const templates = new Set<string>();
  const topics = new Set<string>();
  for (const n of j.nodes) {
    if (n.kind !== 'send') continue;
    templates.add(n.template);
    if (n.topic !== null) topics.add(n.topic);
  }
  return { templates: [...templates], topics: [...topics] };
}

/**
 * The faults of a node mapping from the live version `live` (null when never published) onto the
 * draft: each key a waiting node of the live version, each value a node of the draft.
 */
async function moveFaults(
  ports: PublishPorts,
  workspaceId: number,
  j: JourneyRecord,
  moves: NodeMoves,
): Promise<string[]> {
  const entries = Object.entries(moves);
  if (entries.length === 0) return [];
  if (j.liveVersion === null)
    return ['moves: the journey has no published version whose customers could move'];
  const live = (await ports.journeys.versions(workspaceId, j.id)).find((v) => v.version === j.liveVersion);
  const old = new Map(live?.definition.nodes.map((n) => [n.id, n.kind]));
  const draft = new Set(j.draft.nodes.map((n) => n.id));
  const faults: string[] = [];
  for (const [from, to] of entries) {
    const kind = old.get(from);
    if (kind === undefined) faults.push(`moves.${from}: version ${j.liveVersion} has no node "${from}"`);
    else if (!HOLDING.has(kind))
      faults.push(`moves.${from}: "${from}" is a ${kind} node, and only waits hold customers to move`);
    if (!draft.has(to)) faults.push(`moves.${from}: the draft has no node "${to}"`);
  }
  return faults;
}

/**
 * Publishes a journey's draft as its next version, for the API and the CLI alike: refused (bad_request,
 * every reason in the details) when it names a segment, stage, template or topic the workspace lacks or
 * its node mapping does not fit, and (conflict) when the journey is archived or was published meanwhile.
 * Customers inside older versions finish on theirs, except those waiting at a node of the live version
 * that `moves` maps onto a node of the new one: a job moves them there.
 */
export async function publishJourney(
  ports: PublishPorts,
  workspaceId: number,
  j: JourneyRecord,
  now: number,
  moves: NodeMoves = {},
): Promise<number> {
  if (j.status === 'archived') throw new AppError('conflict', `journey "${j.key}" is archived`);
  const sends = sendsOf(j.draft);
  const [segments, model, published, topics] = await Promise.all([
    ports.segments.list(workspaceId),
    ports.engine.getModel(workspaceId),
    Promise.all(sends.templates.map((key) => ports.templates.published(workspaceId, key))),
    sends.topics.length > 0 ? ports.messaging.topics(workspaceId) : [],
  ]);
  const missing = missingReferences(j.draft, {
    segments: new Set(segments.map((s) => s.key)),
    stages: new Set(model?.model.stages.map((s) => s.key) ?? []),
    templates: new Map(published.flatMap((t) => (t ? [[t.key, t.channel]] : []))),
    topics: new Set(topics.map((t) => t.key)),
  }).concat(await moveFaults(ports, workspaceId, j, moves));
  if (missing.length > 0)
    throw new AppError('bad_request', `journey "${j.key}" cannot be published: ${missing.join('; ')}`, {
      errors: missing,
    });
  const mapped = Object.keys(moves).length > 0 ? { from: j.liveVersion!, nodes: moves } : null;
  const version = await ports.journeys.publish(workspaceId, j.id, journeyRules(j.draft), now, mapped);
  if (version === null) throw new AppError('conflict', `journey "${j.key}" is archived`);
  return version;
}
