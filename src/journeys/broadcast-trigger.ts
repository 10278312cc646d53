import { spanMs } from '../rules/index.ts';
import type { Trigger } from './model.ts';

type BroadcastTrigger = Extract<Trigger, { kind: 'broadcast' }>;

/**
 * The broadcast a journey published at `now` sends next, as the instant it is for (the entry's cause
 * names it, so a broadcast reaches each member once however often it is armed): a one-off at its time,
 * or at once when that has passed (publishing late sends it); a recurring one at its first time not
 * yet past.
 */
export function firstBroadcast(t: BroadcastTrigger, now: number): number {
  if (t.every === null || t.at >= now) return t.at;
  const every = spanMs(t.every);
  return t.at + Math.ceil((now - t.at) / every) * every;
}

/** The recurring broadcast after the one for `occurrence`, skipping any missed while nothing ran; null for a one-off. */
export function nextBroadcast(t: BroadcastTrigger, occurrence: number, now: number): number | null {
  if (t.every === null) return null;
  return firstBroadcast(t, Math.max(now, occurrence + 1));
}
