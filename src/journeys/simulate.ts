import type { RuleContext } from '../rules/index.ts';
import type { CompiledJourney } from './compile-journey.ts';
import type { Action, Entry, PathStep } from './entry.ts';
import { stepEntry } from './step.ts';

/** The most steps a simulation takes: far more than any readable journey needs, bounded all the same. */
const MAX_STEPS = 200;

export type Simulation = {
  path: PathStep[];
  actions: (Action & { at: number })[];
  /** Where the simulated entry is when the simulation stops: ended (with why), or still waiting. */
  endReason: Entry['endReason'];
  endedAt: number | null;
};

/**
 * "What would happen to this customer": their path through a journey entered now, if nothing more
 * happened to them: each wait ends when it is due, an awaited event never comes (its timeout path),
 * rules are evaluated on their state as it stands at each moment (windows and elapsed times move on).
 * Pure, like the step it runs; the random draws are those of an entry numbered `seed`. A holdout draw
 * is not simulated: the path is the one a treated entrant takes.
 */
export function simulateJourney(
  journey: CompiledJourney,
  ctx: RuleContext,
  timeZone: string,
  seed: number,
): Simulation {
  const definition = { ...journey.definition, holdout: 0 };
  const treated = { ...journey, definition };
  let entry: Entry = {
    id: seed,
    customerId: 0,
    journeyId: journey.id,
    version: journey.version,
    status: 'active',
    node: null,
    endReason: null,
    variant: null,
    enteredAt: ctx.now,
    nodeSince: ctx.now,
    wakeAt: null,
    convertedAt: null,
    goalUntil: null,
    endedAt: null,
    event: null,
  };
  const path: PathStep[] = [];
  const actions: Simulation['actions'] = [];
  let now = ctx.now;
  for (let i = 0; i < MAX_STEPS && entry.status !== 'ended'; i++) {
    const input = i === 0 ? ({ kind: 'enter' } as const) : ({ kind: 'time' } as const);
    const r = stepEntry(treated, entry, input, { ctx: { ...ctx, now }, timeZone });
    path.push(...r.path);
    for (const a of r.actions) actions.push({ ...a, at: now });
    entry = r.entry;
    if (entry.status === 'ended' || entry.wakeAt === null) break;
    now = entry.wakeAt;
  }
  return { path, actions, endReason: entry.endReason, endedAt: entry.endedAt };
}
