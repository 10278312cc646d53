import type pg from 'pg';
import { AppError } from '../../core/index.ts';
import { segmentEvent } from '../../engine/index.ts';
import { dayOf } from '../segment-rows.ts';
import { lockEngineConfig } from './engine-admin.ts';
import { appendEvents } from './engine-writes.ts';

/**
 * Inside an open transaction: bumps the workspace's configuration generation, so engines reload what
 * they compiled, and restarts the recompute of every customer under the active model version (0
 * without one). The same change as the engine admin's `startRecompute`, committed together with the
 * segment write that needs it; the transaction must hold `lockEngineConfig`.
 */
export async function restartRecompute(c: pg.ClientBase, workspaceId: number, now: number): Promise<void> {
  await c.query(
    `INSERT INTO engine_workspaces (workspace_id, model_version, config_generation, recompute_version,
       recompute_cursor, recompute_done, recompute_total, recompute_started_at, recompute_finished_at)
     VALUES ($1, NULL, 1, 0, 0, 0, (SELECT count(*) FROM customers WHERE workspace_id = $1), $2, NULL)
     ON CONFLICT (workspace_id) DO UPDATE SET config_generation = engine_workspaces.config_generation + 1,
       recompute_version = coalesce(engine_workspaces.model_version, 0), recompute_cursor = 0,
       recompute_done = 0, recompute_total = excluded.recompute_total,
       recompute_started_at = excluded.recompute_started_at, recompute_finished_at = NULL`,
    [workspaceId, now],
  );
}

/** Tells the engines the configuration changed, without re-evaluating anyone. */
export async function bumpGeneration(c: pg.ClientBase, workspaceId: number): Promise<void> {
  await c.query(
    `INSERT INTO engine_workspaces (workspace_id, config_generation) VALUES ($1, 1)
     ON CONFLICT (workspace_id) DO UPDATE SET config_generation = engine_workspaces.config_generation + 1`,
    [workspaceId],
  );
}

/**
 * Inside an open transaction: adds customers of the workspace to a static segment, or removes them,
 * keeping segment_members, segment_daily and each customer's state in step. Returns the ids that
 * changed; when any did, the engines recompute so that rules using the segment see the change.
 */
export async function changeMembers(
  c: pg.ClientBase,
  workspaceId: number,
  segmentId: number,
  customerIds: number[],
  add: boolean,
  now: number,
): Promise<number[]> {
  // Engine passes first: one that compiled the old memberships must not run on after this change.
  await lockEngineConfig(c);
  // The row lock orders this change against a deletion or another upload of the same segment.
  const { rows } = await c.query(
    "SELECT key FROM segments WHERE id = $1 AND workspace_id = $2 AND kind = 'static' FOR UPDATE",
    [segmentId, workspaceId],
  );
  if (rows.length === 0) {
    throw new AppError('conflict', 'members can only be added to or removed from a static segment');
  }
  const key = String(rows[0].key);
  const ids = await lockCustomers(c, workspaceId, customerIds);
  const changed = add
    ? await c.query(
        `INSERT INTO segment_members (segment_id, customer_id, workspace_id, since)
         SELECT $1, c.id, $2, $3 FROM customers c WHERE c.workspace_id = $2 AND c.id = ANY($4::bigint[])
         ON CONFLICT DO NOTHING RETURNING customer_id`,
        [segmentId, workspaceId, now, ids],
      )
    : await c.query(
        `DELETE FROM segment_members WHERE segment_id = $1 AND workspace_id = $2 AND customer_id = ANY($3::bigint[])
         RETURNING customer_id`,
        [segmentId, workspaceId, ids],
      );
  const done = changed.rows.map((r) => Number(r.customer_id)).sort((a, b) => a - b);
  if (done.length === 0) return done;
  await setSegmentKey(c, workspaceId, done, key, add, now);
  await logMembershipEvents(c, workspaceId, segmentId, key, done, add, now);
  await c.query(
    `INSERT INTO segment_daily (segment_id, day, entered, exited) VALUES ($1, $2, $3, $4)
     ON CONFLICT (segment_id, day) DO UPDATE SET entered = segment_daily.entered + excluded.entered,
       exited = segment_daily.exited + excluded.exited`,
    [segmentId, dayOf(now), add ? done.length : 0, add ? 0 : done.length],
  );
  await restartRecompute(c, workspaceId, now);
  return done;
}

/**
 * Locks the workspace's customers among `ids` as the engine does before it reads their state (in id
 * order, so neither side deadlocks on a pair), so that an engine pass and this write never overwrite
 * each other's `customer_state.segments`. Returns the ids that are customers of the workspace.
 */
export async function lockCustomers(c: pg.ClientBase, workspaceId: number, ids: number[]): Promise<number[]> {
  const { rows } = await c.query(
    'SELECT id FROM customers WHERE workspace_id = $1 AND id = ANY($2::bigint[]) ORDER BY id FOR UPDATE',
    [workspaceId, [...new Set(ids)]],
  );
  return rows.map((r) => Number(r.id));
}

/**
 * Puts a segment key in or out of customers' states, where rules read it. A customer the engine has
 * not seen yet gets a state row with no signature, so the engine builds their features from the log
 * the first time it evaluates them. Keys stay sorted in byte order, as the engine writes them.
 */
export async function setSegmentKey(
  c: pg.ClientBase,
  workspaceId: number,
  customerIds: number[],
  key: string,
  present: boolean,
  now: number,
): Promise<void> {
  if (!present) {
    await c.query(
      `UPDATE customer_state SET segments = segments - $2::text, updated_at = $3
       WHERE workspace_id = $1 AND customer_id = ANY($4::bigint[])`,
      [workspaceId, key, now, customerIds],
    );
    return;
  }
  await c.query(
    `INSERT INTO customer_state (customer_id, workspace_id, stage, stage_since, model_version, segments,
       features, signature, predictions, wake_at, updated_at)
     SELECT id, $1, NULL, NULL, NULL, jsonb_build_array($2::text), '{}', NULL, '{}', NULL, $3
     FROM unnest($4::bigint[]) AS id
     ON CONFLICT (customer_id) DO UPDATE SET updated_at = excluded.updated_at, segments = (
       SELECT coalesce(jsonb_agg(k ORDER BY k COLLATE "C"), '[]'::jsonb) FROM (
         SELECT DISTINCT jsonb_array_elements_text(customer_state.segments || jsonb_build_array($2::text)) AS k
       ) keys)
     WHERE customer_state.workspace_id = excluded.workspace_id`,
    [workspaceId, key, now, customerIds],
  );
}

/**
 * Segment Entered or Segment Exited in each changed customer's log, built and written as the engine
 * does for rule segments (internal, never queued). The customers' features are marked for a rebuild,
 * which folds the new event in on their next pass.
 */
async function logMembershipEvents(
  c: pg.ClientBase,
  workspaceId: number,
  segmentId: number,
  key: string,
  customerIds: number[],
  add: boolean,
  now: number,
): Promise<void> {
  const { rows } = await c.query(
    'SELECT id, user_id FROM customers WHERE workspace_id = $1 AND id = ANY($2::bigint[])',
    [workspaceId, customerIds],
  );
  const events = rows.map((r) => {
    const customerId = Number(r.id);
    const change = { segmentId, segment: key, customerId, entered: add, at: now };
    return {
      customerId,
      message: segmentEvent({ userId: r.user_id ?? null, anonymousId: null }, change, String(now), now),
    };
  });
  await appendEvents(c, workspaceId, events);
  await c.query(
    'UPDATE customer_state SET signature = NULL WHERE workspace_id = $1 AND customer_id = ANY($2::bigint[])',
    [workspaceId, customerIds],
  );
}
