import type { NewJob } from '../jobs/index.ts';
import type { JourneyDefinition } from './model.ts';

/**
 * The jobs of the triggers that are timers rather than effects of an engine step. Publishing a journey
 * whose trigger is a date or a broadcast makes its arm job in the same transaction; the arm job then
 * schedules each customer's date (page by page) or the first broadcast. Archiving deletes them all.
 */
export const ARM_KIND = 'journey.arm';
/** One customer's date trigger coming round: key `journey.date:<journey>:<customer>`. */
export const DATE_KIND = 'journey.date';
/** A broadcast sending page by page: key `journey.broadcast:<journey>`. */
export const BROADCAST_KIND = 'journey.broadcast';

/**
 * Moving the customers waiting in the version a publish replaced onto the new one, by the publisher's
 * node mapping, a page per run: key `journey.move:<journey>:<new version>`.
 */
export const MOVE_KIND = 'journey.move';

export const armKey = (journeyId: number) => `${ARM_KIND}:${journeyId}`;
export const dateKey = (journeyId: number, customerId: number) => `${DATE_KIND}:${journeyId}:${customerId}`;
export const broadcastKey = (journeyId: number) => `${BROADCAST_KIND}:${journeyId}`;

/** The arm job a publish makes, or null when the journey's trigger needs none. */
export function armJob(
  workspaceId: number,
  journeyId: number,
  draft: JourneyDefinition,
  now: number,
): NewJob | null {
  const kind = draft.trigger.kind;
  if (kind !== 'date' && kind !== 'broadcast') return null;
  return {
    workspaceId,
    kind: ARM_KIND,
    key: armKey(journeyId),
    runAt: now,
    payload: { journeyId, after: 0 },
  };
}

/** Which old node's customers go onto which new node, when a publish moves them (`old id` → `new id`). */
export type NodeMoves = Record<string, string>;

/** The move job of a publish that replaced version `from` with `to` and maps some of its nodes. */
export function moveJob(
  workspaceId: number,
  journeyId: number,
  from: number,
  to: number,
  moves: NodeMoves,
  now: number,
): NewJob {
  return {
    workspaceId,
    kind: MOVE_KIND,
    key: `${MOVE_KIND}:${journeyId}:${to}`,
    runAt: now,
    payload: { journeyId, from, to, moves: Object.entries(moves), index: 0, after: 0 },
  };
}

/**
 * A journey's timer jobs as archiving deletes them: its wakes and its customers' dates, each a range
 * `[from, to)` of the jobs' key index, and its arm and broadcast keys.
 */
export const timerKeys = (journeyId: number): { ranges: [string, string][]; keys: string[] } => ({
  ranges: [
    [`journey.wake:${journeyId}:`, `journey.wake:${journeyId};`],
    [`${DATE_KIND}:${journeyId}:`, `${DATE_KIND}:${journeyId};`],
    [`${MOVE_KIND}:${journeyId}:`, `${MOVE_KIND}:${journeyId};`],
  ],
  keys: [armKey(journeyId), broadcastKey(journeyId)],
});
