import assert from 'node:assert/strict';
import { DAY, type Json, type JsonObject } from '../core/index.ts';

export { DAY, HOUR, MINUTE } from '../core/index.ts';

import type { CompiledRule } from './compile.ts';
import { type EventFacts, featureKey, type RuleContext } from './context.ts';

/** Fixtures for the rule tests: a naive, obviously correct EventFacts and a context builder. */

/** A recorded event: its time and the feature's property value. */
export type Ev = { t: number; v?: Json };

/** EventFacts by brute force over an array, following the contract word for word. */
export function factsOf(events: readonly Ev[]): EventFacts {
  const after = (since: number | null) => events.filter((e) => since === null || e.t > since);
  const values = (since: number | null) =>
    after(since)
      .map((e) => e.v)
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const times = events.map((e) => e.t);
  return {
    count: (since) => after(since).length,
    sum: (since) => values(since).reduce((a, b) => a + b, 0),
    min: (since) => (values(since).length === 0 ? null : Math.min(...values(since))),
    max: (since) => (values(since).length === 0 ? null : Math.max(...values(since))),
    avg(since) {
      const v = values(since);
      return v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length;
    },
    first: () => (times.length === 0 ? null : Math.min(...times)),
    last: () => (times.length === 0 ? null : Math.max(...times)),
    nextExit(windowMs, now) {
      const exits = events.filter((e) => e.t > now - windowMs && e.t <= now).map((e) => e.t + windowMs);
      return exits.length === 0 ? null : Math.min(...exits);
    },
  };
}

/** The feature key of an unfiltered event, optionally with an aggregated property. */
export function feature(event: string, property: string | null = null): string {
  return featureKey({ event }, property);
}

export type ContextInput = {
  now: number;
  traits?: JsonObject;
  firstSeen?: number | null;
  lastActivity?: number | null;
  stage?: string | null;
  stageSince?: number | null;
  segments?: string[];
  predictions?: Record<string, number>;
  /** Events by feature key (see `feature`). */
  events?: Record<string, Ev[]>;
};

/** A RuleContext with everything absent unless given. */
export function context(input: ContextInput): RuleContext {
  const events = input.events ?? {};
  return {
    now: input.now,
    traits: input.traits ?? {},
    firstSeen: input.firstSeen ?? null,
    lastActivity: input.lastActivity ?? null,
    stage: input.stage ?? null,
    stageSince: input.stageSince ?? null,
    segments: new Set(input.segments ?? []),
    predictions: input.predictions ?? {},
    events: (key) => factsOf(events[key] ?? []),
  };
}

/**
 * Asserts that, from `input`, the rule's next change is exactly `at`: `test` answers the same at
 * `input.now` and at `at − 1`, and differently at `at`.
 */
export function assertChangesAt(rule: CompiledRule, input: ContextInput, at: number): void {
  const before = rule.test(context(input));
  assert.equal(rule.nextChange(context(input)), at, 'next change');
  assert.equal(rule.test(context({ ...input, now: at - 1 })), before, 'unchanged a millisecond before');
  assert.equal(rule.test(context({ ...input, now: at })), !before, 'changed at the moment');
}

/** Asserts the rule never changes from `input` on, and that it indeed holds the same far later. */
export function assertNeverChanges(rule: CompiledRule, input: ContextInput, later = [DAY, 400 * DAY]): void {
  const now = rule.test(context(input));
  assert.equal(rule.nextChange(context(input)), null, 'no next change');
  for (const d of later)
    assert.equal(rule.test(context({ ...input, now: input.now + d })), now, `same after ${d}`);
}
