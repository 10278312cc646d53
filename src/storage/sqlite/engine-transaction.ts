import { DAY, type Message } from '../../core/index.ts';
import type {
  CustomerRecord,
  CustomerState,
  EngineEvent,
  EngineTx,
  LogPlan,
  RecomputeJob,
  RuntimeSource,
  SegmentChange,
  StageMove,
} from '../../engine/index.ts';
import { stateColumns, toCustomerRecord, toEngineEvent } from '../engine-rows.ts';
import { readCustomerLogs } from './customer-logs.ts';
import type { SqliteStore } from './sqlite-store.ts';

/** A customer with their engine state (columns null before their first pass). */
export const CUSTOMER_RECORD = `SELECT c.id, c.workspace_id, c.user_id, c.traits, c.first_seen, c.last_seen,
    (SELECT value FROM identities i WHERE i.customer_id = c.id AND i.kind = 'anonymous_id' LIMIT 1) AS anonymous_id,
    s.stage, s.stage_since, s.model_version, s.segments, s.features, s.signature, s.predictions, s.wake_at,
    s.updated_at AS updated_state
  FROM customers c LEFT JOIN customer_state s ON s.customer_id = c.id`;

/**
 * The engine's steps on SQLite. The engine is the only writer while its transaction is open, so the
 * log position is a plain cursor: event ids grow in commit order on a single-writer database.
 */
export class SqliteEngineTransaction implements EngineTx {
  readonly #s: SqliteStore;

  constructor(store: SqliteStore) {
    this.#s = store;
  }

  async generations(): Promise<Map<number, number>> {
    const rows = this.#s.statement('SELECT workspace_id, config_generation FROM engine_workspaces').all();
    return new Map(rows.map((r) => [Number(r.workspace_id), Number(r.config_generation)]));
  }

  async runtimeSource(workspaceId: number): Promise<RuntimeSource> {
    const ws = this.#s
      .statement('SELECT model_version, config_generation FROM engine_workspaces WHERE workspace_id = ?')
      .get(workspaceId);
    const version =
      ws?.model_version === null || ws?.model_version === undefined ? null : Number(ws.model_version);
    const model =
      version === null
        ? undefined
        : this.#s
            .statement('SELECT definition FROM lifecycle_models WHERE workspace_id = ? AND version = ?')
            .get(workspaceId, version);
    const segments = await this.#s.engine.segmentDefinitions(workspaceId);
    const watchers = await this.#s.engine.watchers(workspaceId);
    return {
      watchers,
      generation: Number(ws?.config_generation ?? 0),
      active: model && version !== null ? { version, model: JSON.parse(String(model.definition)) } : null,
      segments,
    };
  }

  #cursor(): number {
    return Number(this.#s.statement("SELECT value FROM engine_cursor WHERE name = 'events'").get()!.value);
  }

  async claimEvents(limit: number): Promise<{ events: EngineEvent[]; upTo: number }> {
    const cursor = this.#cursor();
    const events = this.#s
      .statement(
        `SELECT id, workspace_id, customer_id, type, name, timestamp, payload FROM events
         WHERE id > ? AND internal = 0 ORDER BY id LIMIT ?`,
      )
      .all(cursor, limit)
      .map(toEngineEvent);
    if (events.length === limit) return { events, upTo: events.at(-1)!.id };
    const max = this.#s.statement('SELECT max(id) AS id FROM events').get();
    return { events, upTo: Math.max(cursor, Number(max?.id ?? 0)) };
  }

  async finishEvents(upTo: number): Promise<void> {
    this.#s
      .statement("UPDATE engine_cursor SET value = ? WHERE name = 'events' AND value < ?")
      .run(upTo, upTo);
  }

  /** Customers by id; a run of nearby ids (a recompute slice) is read in one range scan. */
  async loadCustomers(workspaceId: number, ids: number[]): Promise<Map<number, CustomerRecord>> {
    const out = new Map<number, CustomerRecord>();
    if (ids.length === 0) return out;
    const wanted = new Set(ids);
    let lo = ids[0]!;
    let hi = ids[0]!;
    for (const id of ids) {
      if (id < lo) lo = id;
      if (id > hi) hi = id;
    }
    if (ids.length > 16 && hi - lo + 1 <= 4 * ids.length) {
      for (const row of this.#s
        .statement(`${CUSTOMER_RECORD} WHERE c.workspace_id = ? AND c.id BETWEEN ? AND ?`)
        .all(workspaceId, lo, hi)) {
        const id = Number(row.id);
        if (wanted.has(id)) out.set(id, toCustomerRecord(row));
      }
      return out;
    }
    const stmt = this.#s.statement(`${CUSTOMER_RECORD} WHERE c.workspace_id = ? AND c.id = ?`);
    for (const id of wanted) {
      const row = stmt.get(workspaceId, id);
      if (row) out.set(id, toCustomerRecord(row));
    }
    return out;
  }

  async customerLogs(
    workspaceId: number,
    customerIds: number[],
    upTo: number,
    plan: LogPlan,
  ): Promise<Map<number, EngineEvent[]>> {
    return readCustomerLogs(this.#s, workspaceId, customerIds, upTo, plan);
  }

  async dueCustomers(now: number, limit: number) {
    return this.#s
      .statement(
        `SELECT workspace_id, customer_id, wake_at FROM customer_state
         WHERE wake_at IS NOT NULL AND wake_at <= ? ORDER BY wake_at LIMIT ?`,
      )
      .all(now, limit)
      .map((r) => ({
        workspaceId: Number(r.workspace_id),
        customerId: Number(r.customer_id),
        wakeAt: Number(r.wake_at),
      }));
  }

  async saveStates(workspaceId: number, states: { customerId: number; state: CustomerState }[], now: number) {
    const stmt = this.#s.statement(
      `INSERT INTO customer_state (customer_id, workspace_id, stage, stage_since, model_version, segments, features,
         signature, predictions, wake_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (customer_id) DO UPDATE SET stage = excluded.stage, stage_since = excluded.stage_since,
         model_version = excluded.model_version, segments = excluded.segments, features = excluded.features,
         signature = excluded.signature, predictions = excluded.predictions, wake_at = excluded.wake_at,
         updated_at = excluded.updated_at`,
    );
    for (const { customerId, state } of states)
      stmt.run(customerId, workspaceId, ...stateColumns(state), now);
  }

  async recordMoves(workspaceId: number, moves: StageMove[]): Promise<number[]> {
    const stmt = this.#s.statement(
      `INSERT INTO stage_moves (workspace_id, customer_id, from_stage, to_stage, at, cause, event_id, model_version,
         rule, facts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    );
    return moves.map((m) =>
      Number(
        stmt.get(
          workspaceId,
          m.customerId,
          m.from,
          m.to,
          m.at,
          m.cause,
          m.eventId,
          m.modelVersion,
          m.rule,
          JSON.stringify(m.facts),
        )!.id,
      ),
    );
  }

  async applySegmentChanges(workspaceId: number, changes: SegmentChange[]): Promise<void> {
    const add = this.#s.statement(
      `INSERT INTO segment_members (segment_id, customer_id, workspace_id, since) VALUES (?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    );
    const remove = this.#s.statement('DELETE FROM segment_members WHERE segment_id = ? AND customer_id = ?');
    const daily = this.#s.statement(
      `INSERT INTO segment_daily (segment_id, day, entered, exited) VALUES (?, ?, ?, ?)
       ON CONFLICT (segment_id, day) DO UPDATE SET entered = entered + excluded.entered, exited = exited + excluded.exited`,
    );
    for (const c of changes) {
      if (c.entered) add.run(c.segmentId, c.customerId, workspaceId, c.at);
      else remove.run(c.segmentId, c.customerId);
      daily.run(c.segmentId, Math.floor(c.at / DAY) * DAY, c.entered ? 1 : 0, c.entered ? 0 : 1);
    }
  }

  async appendEvents(
    workspaceId: number,
    events: { customerId: number; message: Message }[],
  ): Promise<EngineEvent[]> {
    return appendInternalEvents(this.#s, workspaceId, events);
  }

  async setEventStages(_workspaceId: number, updates: { eventId: number; stage: string }[]): Promise<void> {
    const stmt = this.#s.statement('UPDATE events SET stage = ? WHERE id = ?');
    for (const u of updates) stmt.run(u.stage, u.eventId);
  }

  async pendingRecompute(): Promise<RecomputeJob | null> {
    const row = this.#s
      .statement(
        `SELECT workspace_id, recompute_version, recompute_cursor, recompute_done FROM engine_workspaces
         WHERE recompute_version IS NOT NULL AND recompute_finished_at IS NULL ORDER BY workspace_id LIMIT 1`,
      )
      .get();
    if (!row) return null;
    return {
      workspaceId: Number(row.workspace_id),
      version: Number(row.recompute_version),
      cursor: Number(row.recompute_cursor),
      done: Number(row.recompute_done),
    };
  }

  async customersAfter(workspaceId: number, afterId: number, limit: number): Promise<number[]> {
    return this.#s
      .statement('SELECT id FROM customers WHERE workspace_id = ? AND id > ? ORDER BY id LIMIT ?')
      .all(workspaceId, afterId, limit)
      .map((r) => Number(r.id));
  }

  async advanceRecompute(
    job: RecomputeJob,
    cursor: number,
    done: number,
    finishedAt: number | null,
  ): Promise<void> {
    this.#s
      .statement(
        `UPDATE engine_workspaces SET recompute_cursor = ?, recompute_done = ?, recompute_finished_at = ?
         WHERE workspace_id = ? AND recompute_version = ?`,
      )
      .run(cursor, done, finishedAt, job.workspaceId, job.version);
  }
}

/**
 * Appends the engine's own events (Stage Entered, Segment Exited, ...), marked internal so no engine
 * claims them; returns those that went in (a retried pass finds its message ids stored).
 */
export function appendInternalEvents(
  store: SqliteStore,
  workspaceId: number,
  events: { customerId: number; message: Message }[],
): EngineEvent[] {
  const stmt = store.statement(
    `INSERT INTO events (workspace_id, customer_id, message_id, type, name, user_id, anonymous_id, timestamp,
       received_at, payload, internal, channel, touchpoint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'internal', ?)
     ON CONFLICT DO NOTHING RETURNING id`,
  );
  const out: EngineEvent[] = [];
  for (const { customerId, message: m } of events) {
    const payload = JSON.stringify(m.payload);
    const touchpoint = m.name!.toLowerCase().replace(/ /g, '_');
    const row = stmt.get(
      workspaceId,
      customerId,
      m.messageId,
      m.type,
      m.name,
      m.userId,
      m.anonymousId,
      m.timestamp,
      m.receivedAt,
      payload,
      touchpoint,
    );
    if (!row) continue;
    out.push({
      id: Number(row.id),
      workspaceId,
      customerId,
      type: m.type,
      name: m.name,
      timestamp: m.timestamp,
      payload,
    });
  }
  return out;
}
