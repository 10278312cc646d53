import type { JsonObject } from '../core/index.ts';
import type { CustomerEffects } from '../engine/index.ts';
import { matchesSpec } from '../features/index.ts';
import type { CompiledJourney } from './compile-journey.ts';

/** What enrols a customer: the cause (unique per journey and customer, so it enrols once) and the event's properties. */
export type Enrolment = { cause: string; event: JsonObject | null; at: number };

/** An engine event's `properties`, parsed from its stored payload. */
export const propertiesOf = (payload: string | null): JsonObject | undefined => {
  if (payload === null) return undefined;
  const p = (JSON.parse(payload) as JsonObject).properties;
  return p && typeof p === 'object' && !Array.isArray(p) ? (p as JsonObject) : undefined;
};

/**
 * The first thing in an engine step's effects for one customer that the journey's trigger names, or
 * null. Event triggers match the event's name and filters; stage and segment triggers the move or
 * membership change the step recorded. (Trait, date and broadcast triggers are timers, not effects.)
 */
export function triggerOf(journey: CompiledJourney, c: CustomerEffects): Enrolment | null {
  const t = journey.definition.trigger;
  switch (t.kind) {
    case 'event':
      for (const e of c.events) {
        if (e.type !== 'track' || e.name !== t.event) continue;
        const properties = propertiesOf(e.payload);
        if (t.where.length > 0 && !matchesSpec({ event: t.event, where: t.where }, { ...e, properties }))
          continue;
        return { cause: `event:${e.id}`, event: properties ?? {}, at: e.timestamp };
      }
      return null;
    case 'stage': {
      const m = c.move;
      if (!m || (t.change === 'entered' ? m.to : m.from) !== t.stage) return null;
      return {
        cause: `move:${m.id}`,
        event: { stage: t.stage, from_stage: m.from, to_stage: m.to },
        at: m.at,
      };
    }
    case 'segment': {
      const s = c.segmentChanges.find(
        (x) => x.segment === t.segment && x.entered === (t.change === 'entered'),
      );
      return s
        ? { cause: `segment:${s.segmentId}:${s.at}:${t.change}`, event: { segment: t.segment }, at: s.at }
        : null;
    }
    default:
      return null;
  }
}
