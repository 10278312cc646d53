import type { Clock } from '../core/index.ts';
import { Engine } from '../engine/index.ts';
import { JourneyRunner } from '../journeys/index.ts';
import type { Store, WriteUnit } from './store.ts';

/**
 * The lifecycle engine with the journeys reacting to its steps, as every process that runs an engine
 * wires it (the SQLite writer thread, a PostgreSQL server), and the runner whose `wake` handles the
 * journeys' timers. The two share the engine: a timer reads the customer's state through it.
 */
export function engineWithJourneys(
  store: Store,
  clock: Clock,
): { engine: Engine<WriteUnit>; journeys: JourneyRunner<WriteUnit> } {
  const journeys: JourneyRunner<WriteUnit> = new JourneyRunner<WriteUnit>({
    clock,
    write: (fn) => store.write(fn),
    contexts: (unit, workspaceId, ids, now) => engine.contexts(unit, workspaceId, ids, now),
    // The step's messages and their send jobs commit with the step (see OutboxWritesInUnit).
    deliver: (unit, messages, now) => unit.outbox.enqueue(messages, now),
  });
  const engine = new Engine<WriteUnit>(store, clock, { reactors: [journeys.reactor] });
  return { engine, journeys };
}
