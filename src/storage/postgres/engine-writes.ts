import type pg from 'pg';
import { DAY, type Message } from '../../core/index.ts';
import type { CustomerState, EngineEvent, SegmentChange, StageMove } from '../../engine/index.ts';
import { stateColumns } from '../engine-rows.ts';

/**
 * The lifecycle engine's writes on PostgreSQL, one statement per table for a whole pass: rows travel
 * as parallel arrays that `unnest` turns back into rows, JSON as text cast in the statement.
 */

/** Upserts customer states. One statement may not update a row twice, so the last state per customer wins. */
export async function saveStates(
  c: pg.ClientBase,
  workspaceId: number,
  states: { customerId: number; state: CustomerState }[],
  now: number,
): Promise<void> {
  const byCustomer = new Map(states.map((s) => [s.customerId, s.state]));
  if (byCustomer.size === 0) return;
  const rows = [...byCustomer].map(([customerId, state]) => [customerId, ...stateColumns(state)] as const);
  await c.query({
    name: 'll_engine_save_states',
    text: `INSERT INTO customer_state (customer_id, workspace_id, stage, stage_since, model_version, segments,
        features, signature, predictions, wake_at, updated_at)
      SELECT t.customer_id, $1, t.stage, t.stage_since, t.model_version, t.segments::jsonb, t.features,
        t.signature, t.predictions::jsonb, t.wake_at, $2
      FROM unnest($3::bigint[], $4::text[], $5::bigint[], $6::int[], $7::text[], $8::text[], $9::text[],
        $10::text[], $11::bigint[])
        AS t(customer_id, stage, stage_since, model_version, segments, features, signature, predictions, wake_at)
      ON CONFLICT (customer_id) DO UPDATE SET stage = excluded.stage, stage_since = excluded.stage_since,
        model_version = excluded.model_version, segments = excluded.segments, features = excluded.features,
        signature = excluded.signature, predictions = excluded.predictions, wake_at = excluded.wake_at,
        updated_at = excluded.updated_at`,
    values: [workspaceId, now, ...Array.from({ length: 9 }, (_, i) => rows.map((r) => r[i]))],
  });
}

/**
 * Records moves and returns their ids in the order given. The ids are drawn in a materialized CTE that
 * keeps each row's position, so the answer does not depend on the order RETURNING happens to use.
 */
export async function recordMoves(
  c: pg.ClientBase,
  workspaceId: number,
  moves: StageMove[],
): Promise<number[]> {
  if (moves.length === 0) return [];
  const { rows } = await c.query({
    name: 'll_engine_record_moves',
    text: `WITH t AS MATERIALIZED (
        SELECT nextval('stage_moves_id_seq') AS id, u.*
        FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::bigint[], $8::int[],
          $9::text[], $10::text[]) WITH ORDINALITY
          AS u(customer_id, from_stage, to_stage, at, cause, event_id, model_version, rule, facts, ord)),
      inserted AS (
        INSERT INTO stage_moves (id, workspace_id, customer_id, from_stage, to_stage, at, cause, event_id,
          model_version, rule, facts)
        SELECT id, $1, customer_id, from_stage, to_stage, at, cause, event_id, model_version, rule, facts::jsonb
        FROM t ORDER BY ord)
      SELECT id FROM t ORDER BY ord`,
    values: [
      workspaceId,
      moves.map((m) => m.customerId),
      moves.map((m) => m.from),
      moves.map((m) => m.to),
      moves.map((m) => m.at),
      moves.map((m) => m.cause),
      moves.map((m) => m.eventId),
      moves.map((m) => m.modelVersion),
      moves.map((m) => m.rule),
      moves.map((m) => JSON.stringify(m.facts)),
    ],
  });
  return rows.map((r) => Number(r.id));
}

/** Membership inserts and deletes, and the per-day entry and exit counts. */
export async function applySegmentChanges(
  c: pg.ClientBase,
  workspaceId: number,
  changes: SegmentChange[],
): Promise<void> {
  // The last change of a membership decides it, as applying them one by one would.
  const last = new Map(changes.map((ch) => [`${ch.segmentId}:${ch.customerId}`, ch]));
  const entered = [...last.values()].filter((ch) => ch.entered);
  const exited = [...last.values()].filter((ch) => !ch.entered);
  if (exited.length > 0) {
    await c.query({
      name: 'll_engine_segment_exits',
      text: `DELETE FROM segment_members m USING unnest($1::bigint[], $2::bigint[]) AS t(segment_id, customer_id)
        WHERE m.segment_id = t.segment_id AND m.customer_id = t.customer_id`,
      values: [exited.map((ch) => ch.segmentId), exited.map((ch) => ch.customerId)],
    });
  }
  if (entered.length > 0) {
    await c.query({
      name: 'll_engine_segment_entries',
      text: `INSERT INTO segment_members (segment_id, customer_id, workspace_id, since)
        SELECT t.segment_id, t.customer_id, $1, t.since
        FROM unnest($2::bigint[], $3::bigint[], $4::bigint[]) AS t(segment_id, customer_id, since)
        ON CONFLICT DO NOTHING`,
      values: [
        workspaceId,
        entered.map((ch) => ch.segmentId),
        entered.map((ch) => ch.customerId),
        entered.map((ch) => ch.at),
      ],
    });
  }
  // Summed here since an upsert may touch a row once per statement; sorted so that two engines
  // updating the same days lock them in the same order.
  const daily = new Map<string, { segmentId: number; day: number; entered: number; exited: number }>();
  for (const ch of changes) {
    const day = Math.floor(ch.at / DAY) * DAY;
    const key = `${ch.segmentId}:${day}`;
    const row = daily.get(key) ?? { segmentId: ch.segmentId, day, entered: 0, exited: 0 };
    if (ch.entered) row.entered++;
    else row.exited++;
    daily.set(key, row);
  }
  const days = [...daily.values()].sort((a, b) => a.segmentId - b.segmentId || a.day - b.day);
  if (days.length === 0) return;
  await c.query({
    name: 'll_engine_segment_daily',
    text: `INSERT INTO segment_daily (segment_id, day, entered, exited)
      SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[])
      ON CONFLICT (segment_id, day) DO UPDATE SET entered = segment_daily.entered + excluded.entered,
        exited = segment_daily.exited + excluded.exited`,
    values: [
      days.map((d) => d.segmentId),
      days.map((d) => d.day),
      days.map((d) => d.entered),
      days.map((d) => d.exited),
    ],
  });
}

/**
 * Appends the engine's own events, marked internal and never queued: the engine folds them itself.
 * Returns those that went in (a retried pass finds its messageIds stored), in the order given.
 */
export async function appendEvents(
  c: pg.ClientBase,
  workspaceId: number,
  events: { customerId: number; message: Message }[],
): Promise<EngineEvent[]> {
  if (events.length === 0) return [];
  const payloads = events.map((e) => JSON.stringify(e.message.payload));
  const { rows } = await c.query({
    name: 'll_engine_append_events',
    text: `INSERT INTO events (workspace_id, customer_id, message_id, type, name, user_id, anonymous_id,
        timestamp, received_at, payload, internal, channel, touchpoint)
      SELECT $1, t.customer_id, t.message_id, t.type, t.name, t.user_id, t.anonymous_id, t.timestamp,
        t.received_at, t.payload::jsonb, true, 'internal', t.touchpoint
      FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[],
        $9::bigint[], $10::text[], $11::text[]) WITH ORDINALITY
        AS t(customer_id, message_id, type, name, user_id, anonymous_id, timestamp, received_at, payload,
          touchpoint, ord)
      ORDER BY t.ord
      ON CONFLICT DO NOTHING
      RETURNING id, message_id`,
    values: [
      workspaceId,
      events.map((e) => e.customerId),
      events.map((e) => e.message.messageId),
      events.map((e) => e.message.type),
      events.map((e) => e.message.name),
      events.map((e) => e.message.userId),
      events.map((e) => e.message.anonymousId),
      events.map((e) => e.message.timestamp),
      events.map((e) => e.message.receivedAt),
      payloads,
      events.map((e) => e.message.name!.toLowerCase().replace(/ /g, '_')),
    ],
  });
  const ids = new Map(rows.map((r) => [String(r.message_id), Number(r.id)]));
  const out: EngineEvent[] = [];
  events.forEach(({ customerId, message: m }, i) => {
    const id = ids.get(m.messageId);
    if (id === undefined) return;
    // A messageId given twice went in once.
    ids.delete(m.messageId);
    out.push({
      id,
      workspaceId,
      customerId,
      type: m.type,
      name: m.name,
      timestamp: m.timestamp,
      payload: payloads[i]!,
    });
  });
  return out;
}

/** Records the stage each event happened in. */
export async function setEventStages(
  c: pg.ClientBase,
  workspaceId: number,
  updates: { eventId: number; stage: string }[],
): Promise<void> {
  if (updates.length === 0) return;
  await c.query({
    name: 'll_engine_event_stages',
    text: `UPDATE events e SET stage = t.stage FROM unnest($2::bigint[], $3::text[]) AS t(id, stage)
      WHERE e.id = t.id AND e.workspace_id = $1`,
    values: [workspaceId, updates.map((u) => u.eventId), updates.map((u) => u.stage)],
  });
}
