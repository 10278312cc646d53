import { AppError } from '../../core/index.ts';
import { segmentEvent } from '../../engine/index.ts';
import { dayOf } from '../segment-rows.ts';
import { restartRecompute } from './engine-admin.ts';
import { appendInternalEvents } from './engine-transaction.ts';
import type { SqliteStore } from './sqlite-store.ts';

/**
 * Inside an open write transaction: adds customers of the workspace to a static segment, or removes
 * them, keeping segment_members, segment_daily and each customer's state in step. Returns the ids
 * that changed; when any did, the engines recompute so that rules using the segment see the change.
 */
export function changeMembers(
  s: SqliteStore,
  workspaceId: number,
  segmentId: number,
  customerIds: number[],
  add: boolean,
  now: number,
): number[] {
  const segment = s
    .statement("SELECT key FROM segments WHERE id = ? AND workspace_id = ? AND kind = 'static'")
    .get(segmentId, workspaceId);
  if (!segment) {
    throw new AppError('conflict', 'members can only be added to or removed from a static segment');
  }
  const key = String(segment.key);
  const exists = s.statement('SELECT 1 FROM customers WHERE id = ? AND workspace_id = ?');
  const insert = s.statement(
    `INSERT INTO segment_members (segment_id, customer_id, workspace_id, since) VALUES (?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const remove = s.statement(
    'DELETE FROM segment_members WHERE segment_id = ? AND customer_id = ? AND workspace_id = ?',
  );
  const changed: number[] = [];
  for (const id of new Set(customerIds)) {
    const done = add
      ? exists.get(id, workspaceId) !== undefined &&
        Number(insert.run(segmentId, id, workspaceId, now).changes) > 0
      : Number(remove.run(segmentId, id, workspaceId).changes) > 0;
    if (!done) continue;
    setSegmentKey(s, workspaceId, id, key, add, now);
    changed.push(id);
  }
  changed.sort((a, b) => a - b);
  if (changed.length === 0) return changed;
  logMembershipEvents(s, workspaceId, segmentId, key, changed, add, now);
  s.statement(
    `INSERT INTO segment_daily (segment_id, day, entered, exited) VALUES (?, ?, ?, ?)
     ON CONFLICT (segment_id, day) DO UPDATE SET entered = entered + excluded.entered, exited = exited + excluded.exited`,
  ).run(segmentId, dayOf(now), add ? changed.length : 0, add ? 0 : changed.length);
  restartRecompute(s, workspaceId, now);
  return changed;
}

/**
 * Puts a segment key in or out of a customer's state, where rules read it. A customer the engine has
 * not seen yet gets a state row with no signature, so the engine builds their features from the log
 * the first time it evaluates them.
 */
export function setSegmentKey(
  s: SqliteStore,
  workspaceId: number,
  customerId: number,
  key: string,
  present: boolean,
  now: number,
): void {
  const row = s
    .statement('SELECT segments FROM customer_state WHERE customer_id = ? AND workspace_id = ?')
    .get(customerId, workspaceId);
  if (!row) {
    if (!present) return;
    s.statement(
      `INSERT INTO customer_state (customer_id, workspace_id, stage, stage_since, model_version, segments,
         features, signature, predictions, wake_at, updated_at)
       VALUES (?, ?, NULL, NULL, NULL, ?, '{}', NULL, '{}', NULL, ?)`,
    ).run(customerId, workspaceId, JSON.stringify([key]), now);
    return;
  }
  const keys = new Set(JSON.parse(String(row.segments)) as string[]);
  if (present) keys.add(key);
  else keys.delete(key);
  // Sorted as the engine writes them, so a state reads the same whoever wrote it last.
  s.statement('UPDATE customer_state SET segments = ?, updated_at = ? WHERE customer_id = ?').run(
    JSON.stringify([...keys].sort()),
    now,
    customerId,
  );
}

/**
 * Segment Entered or Segment Exited in each changed customer's log, built and written as the engine
 * does for rule segments. The customer's features are marked for a rebuild, which folds the new event
 * in on their next pass.
 */
function logMembershipEvents(
  s: SqliteStore,
  workspaceId: number,
  segmentId: number,
  key: string,
  customerIds: number[],
  add: boolean,
  now: number,
): void {
  const userOf = s.statement('SELECT user_id FROM customers WHERE id = ? AND workspace_id = ?');
  const rebuild = s.statement(
    'UPDATE customer_state SET signature = NULL WHERE customer_id = ? AND workspace_id = ?',
  );
  const events = customerIds.map((customerId) => {
    const userId = (userOf.get(customerId, workspaceId)?.user_id as string | null | undefined) ?? null;
    const change = { segmentId, segment: key, customerId, entered: add, at: now };
    return { customerId, message: segmentEvent({ userId, anonymousId: null }, change, String(now), now) };
  });
  appendInternalEvents(s, workspaceId, events);
  for (const id of customerIds) rebuild.run(id, workspaceId);
}
