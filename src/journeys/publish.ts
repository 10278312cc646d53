import { AppError } from '../core/index.ts';
import type { EngineAdmin } from '../engine/index.ts';
import type { PublishedTemplates } from '../messaging/index.ts';
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
};

/** The message templates a journey's send nodes name, each once. */
export const sendTemplates = (j: JourneyDefinition): string[] => [
  ...new Set(j.nodes.flatMap((n) => (n.kind === 'send' ? [n.template] : []))),
];

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
  const sends = sendTemplates(j.draft);
  const [segments, model, published] = await Promise.all([
    ports.segments.list(workspaceId),
    ports.engine.getModel(workspaceId),
    Promise.all(sends.map((key) => ports.templates.published(workspaceId, key))),
  ]);
  const missing = missingReferences(j.draft, {
    segments: new Set(segments.map((s) => s.key)),
    stages: new Set(model?.model.stages.map((s) => s.key) ?? []),
    templates: new Map(published.flatMap((t) => (t ? [[t.key, t.channel]] : []))),
    topics: null,
  });
  if (missing.length > 0)
    throw new AppError('bad_request', `journey "${j.key}" cannot be published: ${missing.join('; ')}`, {
      errors: missing,
    });
  const version = await ports.journeys.publish(workspaceId, j.id, journeyRules(j.draft), now);
  if (version === null) throw new AppError('conflict', `journey "${j.key}" is archived`);
  return version;
}
