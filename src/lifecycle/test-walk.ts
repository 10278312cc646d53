import type { CompiledModel } from './compile-model.ts';
import { type TestCustomer, testContext } from './test-context.ts';

/** A move of the walk: the customer entered `stage` at `at`. */
export type Move = { at: number; stage: string };

/**
 * Test support: plays a customer's events through a compiled model the way the engine does, deciding
 * at every event and at every moment `nextChange` names, and feeding each decision back as the stage
 * before the next one. Returns the moves up to and including `until`.
 */
export function walk(model: CompiledModel, customer: TestCustomer, until: number): Move[] {
  const eventTimes = [...new Set((customer.events ?? []).map((e) => e.t))].sort((a, b) => a - b);
  const moves: Move[] = [];
  let stage: string | null = null;
  let stageSince: number | null = null;
  let last = Number.NEGATIVE_INFINITY;
  let change: number | null = null;
  for (let steps = 0; steps < 10_000; steps++) {
    const nextEvent = eventTimes.find((t) => t > last);
    const candidates = [nextEvent, change].filter(
      (t): t is number => t !== undefined && t !== null && t > last,
    );
    const now = candidates.length ? Math.min(...candidates) : undefined;
    if (now === undefined || now > until) break;
    const decision = model.decide(testContext(now, model.needs, { ...customer, stage, stageSince }));
    if (decision.stage !== stage) {
      [stage, stageSince] = [decision.stage, now];
      moves.push({ at: now, stage });
    }
    change = model.nextChange(testContext(now, model.needs, { ...customer, stage, stageSince }));
    last = now;
  }
  return moves;
}

/** The stage a walk left the customer in at time `t` (null before the first move). */
export function stageAt(moves: readonly Move[], t: number): string | null {
  let stage: string | null = null;
  for (const move of moves) if (move.at <= t) stage = move.stage;
  return stage;
}
