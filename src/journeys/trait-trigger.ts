import type { Json, JsonObject } from '../core/index.ts';
import type { CustomerContext, EngineEvent, EngineUnit, StepEffects } from '../engine/index.ts';
import type { CompiledJourney } from './compile-journey.ts';
import type { Trigger } from './model.ts';

/** Someone a trigger names, with what enrols them (the cause makes the entry unique) and their state. */
export type Candidate = {
  journey: CompiledJourney;
  customerId: number;
  ctx: CustomerContext;
  cause: string;
  event: JsonObject | null;
};

const IDENTIFIES = {
  logFilter: { types: ['identify'], names: [] },
  wants: (type: EngineEvent['type']) => type === 'identify',
  needsPayload: (type: EngineEvent['type']) => type === 'identify',
};

const traitsOf = (payload: string | null): JsonObject | null => {
  if (payload === null) return null;
  const t = (JSON.parse(payload) as JsonObject).traits;
  return t && typeof t === 'object' && !Array.isArray(t) ? (t as JsonObject) : null;
};

/** Whether an event may set one of these traits: an identify naming one, or one whose payload was not read. */
export function touchesTraits(e: EngineEvent, names: readonly string[]): boolean {
  if (e.type !== 'identify') return false;
  if (e.payload === null) return true;
  const traits = traitsOf(e.payload);
  return traits !== null && names.some((n) => n in traits);
}

const same = (a: Json | undefined, b: Json | undefined) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The customers of a step whose trait took a new value, for the journeys a trait change enrols: an
 * identify of the step named the value the profile now holds, and their identifies before the step
 * left it at another value or none (so a repeated value, or a late identify stamped before the latest
 * one, changes nothing). Only customers with an identify in the step have their log read, and only its
 * identifies.
 */
export async function traitChanges(
  unit: EngineUnit,
  effects: StepEffects,
  journeys: readonly CompiledJourney[],
): Promise<Candidate[]> {
  const customers = effects.customers.filter((c) => c.events.some((e) => e.type === 'identify'));
  if (customers.length === 0) return [];
  const upTo = Math.max(...customers.flatMap((c) => c.events.map((e) => e.id)));
  const logs = await unit.engine.customerLogs(
    effects.workspaceId,
    customers.map((c) => c.customerId),
    upTo,
    IDENTIFIES,
  );
  const out: Candidate[] = [];
  for (const c of customers) {
    const stepIds = new Set(c.events.map((e) => e.id));
    const log = (logs.get(c.customerId) ?? []).filter((e) => e.type === 'identify');
    for (const journey of journeys) {
      const { trait } = journey.definition.trigger as Extract<Trigger, { kind: 'trait' }>;
      // Their value before the step: the last identify outside it naming the trait, in log order (the
      // order in which later timestamps win, as the profile's traits do).
      let before: Json | undefined;
      let setBy: EngineEvent | null = null;
      const now = c.record.traits[trait];
      for (const e of log) {
        const traits = traitsOf(e.payload);
        if (!traits || !(trait in traits)) continue;
        if (!stepIds.has(e.id)) before = traits[trait];
        else if (same(traits[trait], now)) setBy = e;
      }
      if (!setBy || same(before, now)) continue;
      out.push({
        journey,
        customerId: c.customerId,
        ctx: c,
        cause: `trait:${setBy.id}`,
        event: { trait, from: before ?? null, to: now ?? null },
      });
    }
  }
  return out;
}
