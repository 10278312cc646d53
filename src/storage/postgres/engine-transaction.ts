import type pg from 'pg';
import type { Message } from '../../core/index.ts';
import type {
  CustomerRecord,
  CustomerState,
  EngineEvent,
  EngineTx,
  LogPlan,
  RecomputeJob,
  RuntimeSource,
  SegmentChange,
  SegmentDefinition,
  StageMove,
  WatcherDefinition,
} from '../../engine/index.ts';
import { toCustomerRecord, toEngineEvent } from '../engine-rows.ts';
import {
  appendEvents,
  applySegmentChanges,
  recordMoves,
  saveStates,
  setEventStages,
} from './engine-writes.ts';

/** A customer with their engine state, as `toCustomerRecord` reads it (append a WHERE clause). */
export const RECORD_SELECT = `SELECT c.id, c.workspace_id, c.user_id, c.traits, c.first_seen, c.last_seen,
  (SELECT value FROM identities i WHERE i.customer_id = c.id AND i.kind = 'anonymous_id' LIMIT 1) AS anonymous_id,
  s.stage, s.stage_since, s.model_version, s.segments, s.features, s.signature, s.predictions, s.wake_at,
  s.updated_at AS updated_state
  FROM customers c LEFT JOIN customer_state s ON s.customer_id = c.id`;

/** Event columns as `toEngineEvent` reads them; the payload as text, which is all the engine needs. */
export const EVENT_COLUMNS =
  'e.id, e.workspace_id, e.customer_id, e.type, e.name, e.timestamp, e.payload::text AS payload';

/** The rules other capabilities watch on a workspace's customers. */
export async function readWatchers(
  c: pg.Pool | pg.ClientBase,
  workspaceId: number,
): Promise<WatcherDefinition[]> {
  const { rows } = await c.query(
    'SELECT owner, rules FROM engine_watchers WHERE workspace_id = $1 ORDER BY owner',
    [workspaceId],
  );
  return rows.map((r) => ({ owner: String(r.owner), rules: r.rules }));
}

/** A workspace's segments as the engine compiles them. */
export async function readSegmentDefinitions(
  c: pg.Pool | pg.ClientBase,
  workspaceId: number,
): Promise<SegmentDefinition[]> {
  const { rows } = await c.query(
    'SELECT id, key, kind, rule FROM segments WHERE workspace_id = $1 ORDER BY id',
    [workspaceId],
  );
  return rows.map((r) => ({ id: Number(r.id), key: String(r.key), kind: r.kind, rule: r.rule ?? null }));
}

/**
 * The engine's steps on PostgreSQL, where several server processes may run engines on one database.
 * New events are a queue (see `insertEvents`), claimed with SKIP LOCKED so that engines share the work
 * without waiting for each other. Two engines may still claim events of the same customer: whoever
 * locks the customer first folds theirs and the other then reads that result (see `loadCustomers`).
 */
/** Only the message types and event names a feature plan can use ($3, $4), or everything when null. */
export const LOG_FILTER = `($3::text[] IS NULL OR e.type = ANY($3::text[]) OR (e.type = 'track' AND e.name = ANY($4::text[])))`;

export class PostgresEngineTransaction implements EngineTx {
  readonly #c: pg.ClientBase;

  constructor(client: pg.ClientBase) {
    this.#c = client;
  }

  async generations(): Promise<Map<number, number>> {
    const { rows } = await this.#c.query('SELECT workspace_id, config_generation FROM engine_workspaces');
    return new Map(rows.map((r) => [Number(r.workspace_id), Number(r.config_generation)]));
  }

  async runtimeSource(workspaceId: number): Promise<RuntimeSource> {
    const { rows } = await this.#c.query(
      `SELECT w.config_generation, w.model_version, m.definition FROM engine_workspaces w
       LEFT JOIN lifecycle_models m ON m.workspace_id = w.workspace_id AND m.version = w.model_version
       WHERE w.workspace_id = $1`,
      [workspaceId],
    );
    const ws = rows[0];
    const version =
      ws?.model_version === null || ws?.model_version === undefined ? null : Number(ws.model_version);
    return {
      generation: Number(ws?.config_generation ?? 0),
      active: version !== null && ws?.definition ? { version, model: ws.definition } : null,
      segments: await readSegmentDefinitions(this.#c, workspaceId),
      watchers: await readWatchers(this.#c, workspaceId),
    };
  }

  /**
   * Takes up to `limit` queued events off the queue. The deleted rows stay locked until this transaction
   * ends, so other engines skip them, and they come back if it rolls back.
   */
  async claimEvents(limit: number): Promise<{ events: EngineEvent[]; upTo: number }> {
    const { rows } = await this.#c.query({
      name: 'll_engine_claim',
      text: `WITH claimed AS (
          DELETE FROM engine_queue WHERE event_id IN (
            SELECT event_id FROM engine_queue ORDER BY event_id LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING event_id)
        SELECT ${EVENT_COLUMNS} FROM claimed JOIN events e ON e.id = claimed.event_id ORDER BY e.id`,
      values: [limit],
    });
    const events = rows.map(toEngineEvent);
    return { events, upTo: events.at(-1)?.id ?? 0 };
  }

  /** Nothing to do: the claimed rows were deleted from the queue, which commits with the pass. */
  async finishEvents(_upTo: number): Promise<void> {}

  /**
   * Locks the customers, then reads them. Two statements on purpose: under READ COMMITTED a statement
   * reads as of its start, so a SELECT ... FOR UPDATE that waited for another engine's lock would still
   * return the state from before that engine's commit (only a row the other one updated is re-read,
   * and it updated customer_state, not customers). The second statement starts after the lock is ours
   * and reads the committed state. Locking in id order keeps two engines from deadlocking on a pair.
   */
  async loadCustomers(workspaceId: number, ids: number[]): Promise<Map<number, CustomerRecord>> {
    const out = new Map<number, CustomerRecord>();
    if (ids.length === 0) return out;
    const locked = await this.#c.query({
      name: 'll_engine_lock_customers',
      text: 'SELECT id FROM customers WHERE workspace_id = $1 AND id = ANY($2::bigint[]) ORDER BY id FOR UPDATE',
      values: [workspaceId, ids],
    });
    // A profile merged away meanwhile is gone: its events now belong to the survivor, whose features
    // the merge marked for a rebuild that includes them.
    if (locked.rows.length === 0) return out;
    const { rows } = await this.#c.query({
      name: 'll_engine_load_customers',
      text: `${RECORD_SELECT} WHERE c.workspace_id = $1 AND c.id = ANY($2::bigint[])`,
      values: [workspaceId, locked.rows.map((r) => Number(r.id))],
    });
    for (const r of rows) out.set(Number(r.id), toCustomerRecord(r));
    return out;
  }

  /**
   * Every event of the customers except those still in the queue. Our own claims were deleted in this
   * transaction, so they are in; another engine's claims are not yet deleted for us to see, so they are
   * out, and that engine folds them once it gets the customer's lock after us. `upTo` plays no part:
   * ids are not commit order here. The engine's own events are never queued, so they are in.
   */
  async customerLogs(
    workspaceId: number,
    customerIds: number[],
    _upTo: number,
    plan: LogPlan,
  ): Promise<Map<number, EngineEvent[]>> {
    const filter = plan.logFilter;
    const { rows } = await this.#c.query({
      name: 'll_engine_customer_logs',
      text: `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.customer_id = ANY($1::bigint[]) AND e.workspace_id = $2
        AND NOT EXISTS (SELECT 1 FROM engine_queue q WHERE q.event_id = e.id) AND ${LOG_FILTER}
        ORDER BY e.customer_id, e.id`,
      values: [customerIds, workspaceId, filter?.types ?? null, filter?.names ?? null],
    });
    const logs = new Map<number, EngineEvent[]>(customerIds.map((id) => [id, []]));
    for (const row of rows) {
      const e = toEngineEvent(row);
      logs.get(e.customerId)?.push(e);
    }
    return logs;
  }

  /**
   * Customers whose timer has come, locked with SKIP LOCKED: a customer another engine holds is left to
   * it (it re-evaluates them anyway, or they are due again on the next pass). Locking the customers row
   * rather than customer_state keeps the lock order of an events pass (customer, then state), which
   * could otherwise deadlock with this one.
   */
  async dueCustomers(now: number, limit: number) {
    const { rows } = await this.#c.query({
      name: 'll_engine_due',
      text: `SELECT s.workspace_id, s.customer_id, s.wake_at FROM customer_state s JOIN customers c ON c.id = s.customer_id
        WHERE s.wake_at IS NOT NULL AND s.wake_at <= $1 ORDER BY s.wake_at LIMIT $2 FOR UPDATE OF c SKIP LOCKED`,
      values: [now, limit],
    });
    return rows.map((r) => ({
      workspaceId: Number(r.workspace_id),
      customerId: Number(r.customer_id),
      wakeAt: Number(r.wake_at),
    }));
  }

  saveStates(workspaceId: number, states: { customerId: number; state: CustomerState }[], now: number) {
    return saveStates(this.#c, workspaceId, states, now);
  }

  recordMoves(workspaceId: number, moves: StageMove[]): Promise<number[]> {
    return recordMoves(this.#c, workspaceId, moves);
  }

  applySegmentChanges(workspaceId: number, changes: SegmentChange[]): Promise<void> {
    return applySegmentChanges(this.#c, workspaceId, changes);
  }

  appendEvents(
    workspaceId: number,
    events: { customerId: number; message: Message }[],
  ): Promise<EngineEvent[]> {
    return appendEvents(this.#c, workspaceId, events);
  }

  setEventStages(workspaceId: number, updates: { eventId: number; stage: string }[]): Promise<void> {
    return setEventStages(this.#c, workspaceId, updates);
  }

  /** The next unfinished recompute, locked (SKIP LOCKED) so that two engines never run the same slice. */
  async pendingRecompute(): Promise<RecomputeJob | null> {
    const { rows } = await this.#c.query({
      name: 'll_engine_pending_recompute',
      text: `SELECT workspace_id, recompute_version, recompute_cursor, recompute_done FROM engine_workspaces
        WHERE recompute_version IS NOT NULL AND recompute_finished_at IS NULL
        ORDER BY workspace_id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    });
    const row = rows[0];
    if (!row) return null;
    return {
      workspaceId: Number(row.workspace_id),
      version: Number(row.recompute_version),
      cursor: Number(row.recompute_cursor),
      done: Number(row.recompute_done),
    };
  }

  async customersAfter(workspaceId: number, afterId: number, limit: number): Promise<number[]> {
    const { rows } = await this.#c.query({
      name: 'll_engine_customers_after',
      text: 'SELECT id FROM customers WHERE workspace_id = $1 AND id > $2 ORDER BY id LIMIT $3',
      values: [workspaceId, afterId, limit],
    });
    return rows.map((r) => Number(r.id));
  }

  async advanceRecompute(job: RecomputeJob, cursor: number, done: number, finishedAt: number | null) {
    await this.#c.query(
      `UPDATE engine_workspaces SET recompute_cursor = $1, recompute_done = $2, recompute_finished_at = $3
       WHERE workspace_id = $4 AND recompute_version = $5`,
      [cursor, done, finishedAt, job.workspaceId, job.version],
    );
  }
}
