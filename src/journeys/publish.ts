import { AppError } from '../core/index.ts';
import type { EngineAdmin } from '../engine/index.ts';
import type { MessagingStorage, PublishedTemplates } from '../messaging/index.ts';
import type { SegmentStorage } from '../segments/index.ts';
import { journeyRules } from './compile-journey.ts';
import type { JourneyRecord, JourneyStorage } from './journey-storage.ts';
import type { JourneyDefinition } from './model.ts';
import { missingReferences } from './references.ts';

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
 * Publishes a journey's draft as its next version, for the API and the CLI alike: refused (bad_request,
 * every reason in the details) when it names a segment, stage, template or topic the workspace lacks,
 * and (conflict) when the journey is archived.
 */
export async function publishJourney(
  ports: PublishPorts,
  workspaceId: number,
  j: JourneyRecord,
  now: number,
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
  });
  if (missing.length > 0)
    throw new AppError('bad_request', `journey "${j.key}" cannot be published: ${missing.join('; ')}`, {
      errors: missing,
    });
  const version = await ports.journeys.publish(workspaceId, j.id, journeyRules(j.draft), now);
  if (version === null) throw new AppError('conflict', `journey "${j.key}" is archived`);
  return version;
}
