import type pg from 'pg';
import type {
  CurrentStage,
  CustomerRecord,
  EngineEvent,
  EngineStorage,
  LogPlan,
  MoveCause,
  RecomputeStatus,
  SegmentDefinition,
  StageHistoryEntry,
  StoredModel,
  WatcherDefinition,
} from '../../engine/index.ts';
import type { LifecycleModel } from '../../lifecycle/index.ts';
import { toCustomerRecord, toEngineEvent } from '../engine-rows.ts';
import {
  EVENT_COLUMNS,
  LOG_FILTER,
  RECORD_SELECT,
  readSegmentDefinitions,
  readWatchers,
} from './engine-transaction.ts';
import { inTransaction } from './pool.ts';

/** One lock per schema over the engines' configuration (test runs in other schemas do not wait). */
export const CONFIG_LOCK = "hashtextextended('loopline:engine-config:' || current_schema(), 0)";

/**
 * Takes the engines' configuration lock exclusively until the transaction ends. Every engine pass holds
 * it shared, so a pass runs wholly before or wholly after a change: never with a runtime compiled before
 * it and a recompute job or queue read after it (it would take the new job for a replaced one and end
 * it, or drop events as unconfigured). Call it first in any transaction that changes what engines
 * compile (models, segments), before locking anything a pass might wait for, or the two deadlock.
 */
export async function lockEngineConfig(c: pg.ClientBase): Promise<void> {
  await c.query(`SELECT pg_advisory_xact_lock(${CONFIG_LOCK})`);
}

/**
 * The lifecycle engine's storage on PostgreSQL. The store does not run an engine itself: each server
 * process runs one in-process (`EngineRunner`), and they share the work through the database.
 */
export class PostgresEngineAdmin implements EngineStorage {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async publishModel(workspaceId: number, model: LifecycleModel, now: number): Promise<number> {
    return this.#configure(async (c) => {
      const { rows } = await c.query(
        'SELECT coalesce(max(version), 0) + 1 AS v FROM lifecycle_models WHERE workspace_id = $1',
        [workspaceId],
      );
      const version = Number(rows[0].v);
      await c.query(
        'INSERT INTO lifecycle_models (workspace_id, version, definition, created_at) VALUES ($1, $2, $3::jsonb, $4)',
        [workspaceId, version, JSON.stringify(model), now],
      );
      await restart(c, workspaceId, version, now);
      return version;
    });
  }

  startRecompute(workspaceId: number, now: number): Promise<void> {
    return this.#configure(async (c) => {
      const { rows } = await c.query('SELECT model_version FROM engine_workspaces WHERE workspace_id = $1', [
        workspaceId,
      ]);
      const version = rows[0]?.model_version;
      await restart(c, workspaceId, version === null || version === undefined ? null : Number(version), now);
    });
  }

  /** A configuration change: waits for the passes in flight, and the next ones wait for it. */
  #configure<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.#pool, async (c) => {
      await lockEngineConfig(c);
      return fn(c);
    });
  }

  async getModel(workspaceId: number, version?: number): Promise<StoredModel | null> {
    const { rows } =
      version === undefined
        ? await this.#pool.query(
            `SELECT m.version, m.definition, m.created_at FROM lifecycle_models m
             JOIN engine_workspaces w ON w.workspace_id = m.workspace_id AND w.model_version = m.version
             WHERE m.workspace_id = $1`,
            [workspaceId],
          )
        : await this.#pool.query(
            'SELECT version, definition, created_at FROM lifecycle_models WHERE workspace_id = $1 AND version = $2',
            [workspaceId, version],
          );
    const row = rows[0];
    if (!row) return null;
    return { version: Number(row.version), model: row.definition, createdAt: Number(row.created_at) };
  }

  async listModelVersions(workspaceId: number) {
    const { rows } = await this.#pool.query(
      `SELECT m.version, m.created_at, coalesce(w.model_version = m.version, false) AS active
       FROM lifecycle_models m LEFT JOIN engine_workspaces w ON w.workspace_id = m.workspace_id
       WHERE m.workspace_id = $1 ORDER BY m.version`,
      [workspaceId],
    );
    return rows.map((r) => ({
      version: Number(r.version),
      createdAt: Number(r.created_at),
      active: r.active === true,
    }));
  }

  async recomputeStatus(workspaceId: number): Promise<RecomputeStatus | null> {
    const { rows } = await this.#pool.query(
      `SELECT recompute_version, recompute_done, recompute_total, recompute_started_at, recompute_finished_at
       FROM engine_workspaces WHERE workspace_id = $1 AND recompute_version IS NOT NULL`,
      [workspaceId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      version: Number(r.recompute_version),
      done: Number(r.recompute_done),
      total: Number(r.recompute_total),
      startedAt: Number(r.recompute_started_at),
      finishedAt: r.recompute_finished_at === null ? null : Number(r.recompute_finished_at),
    };
  }

  async customerRecord(workspaceId: number, customerId: number): Promise<CustomerRecord | null> {
    const { rows } = await this.#pool.query(`${RECORD_SELECT} WHERE c.workspace_id = $1 AND c.id = $2`, [
      workspaceId,
      customerId,
    ]);
    return rows[0] ? toCustomerRecord(rows[0]) : null;
  }

  async customerRecords(workspaceId: number, afterId: number, limit: number): Promise<CustomerRecord[]> {
    const { rows } = await this.#pool.query(
      `${RECORD_SELECT} WHERE c.workspace_id = $1 AND c.id > $2 ORDER BY c.id LIMIT $3`,
      [workspaceId, afterId, limit],
    );
    return rows.map(toCustomerRecord);
  }

  /** The events the engine has processed: still-queued ones would fold in on the customer's next pass. */
  async customerLogForDryRun(workspaceId: number, customerId: number, plan: LogPlan): Promise<EngineEvent[]> {
    const filter = plan.logFilter;
    const { rows } = await this.#pool.query(
      `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.customer_id = $1 AND e.workspace_id = $2
       AND NOT EXISTS (SELECT 1 FROM engine_queue q WHERE q.event_id = e.id) AND ${LOG_FILTER} ORDER BY e.id`,
      [customerId, workspaceId, filter?.types ?? null, filter?.names ?? null],
    );
    return rows.map(toEngineEvent);
  }

  segmentDefinitions(workspaceId: number): Promise<SegmentDefinition[]> {
    return readSegmentDefinitions(this.#pool, workspaceId);
  }

  watchers(workspaceId: number): Promise<WatcherDefinition[]> {
    return readWatchers(this.#pool, workspaceId);
  }

  async currentStages(workspaceId: number, customerIds: number[]): Promise<Map<number, CurrentStage>> {
    const out = new Map<number, CurrentStage>();
    if (customerIds.length === 0) return out;
    const { rows } = await this.#pool.query(
      `SELECT customer_id, stage, stage_since FROM customer_state
       WHERE customer_id = ANY($1::bigint[]) AND workspace_id = $2 AND stage IS NOT NULL`,
      [customerIds, workspaceId],
    );
    for (const r of rows)
      out.set(Number(r.customer_id), { stage: String(r.stage), since: Number(r.stage_since) });
    return out;
  }

  async stageHistory(
    workspaceId: number,
    customerId: number,
    before: number | null,
    limit: number,
  ): Promise<StageHistoryEntry[]> {
    const { rows } = await this.#pool.query(
      `SELECT id, from_stage, to_stage, at, cause, event_id, model_version, rule, facts FROM stage_moves
       WHERE customer_id = $1 AND workspace_id = $2 AND id < $3 ORDER BY id DESC LIMIT $4`,
      [customerId, workspaceId, before ?? Number.MAX_SAFE_INTEGER, limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      from: r.from_stage === null ? null : String(r.from_stage),
      to: String(r.to_stage),
      at: Number(r.at),
      cause: r.cause as MoveCause,
      eventId: r.event_id === null ? null : Number(r.event_id),
      modelVersion: r.model_version === null ? null : Number(r.model_version),
      rule: String(r.rule ?? ''),
      facts: r.facts,
    }));
  }
}

/** Bumps the configuration generation and (re)starts the recompute under `version`. */
async function restart(c: pg.ClientBase, workspaceId: number, version: number | null, now: number) {
  const { rows } = await c.query('SELECT count(*) AS n FROM customers WHERE workspace_id = $1', [
    workspaceId,
  ]);
  await c.query(
    `INSERT INTO engine_workspaces (workspace_id, model_version, config_generation, recompute_version,
       recompute_cursor, recompute_done, recompute_total, recompute_started_at, recompute_finished_at)
     VALUES ($1, $2, 1, $3, 0, 0, $4, $5, NULL)
     ON CONFLICT (workspace_id) DO UPDATE SET model_version = excluded.model_version,
       config_generation = engine_workspaces.config_generation + 1, recompute_version = excluded.recompute_version,
       recompute_cursor = 0, recompute_done = 0, recompute_total = excluded.recompute_total,
       recompute_started_at = excluded.recompute_started_at, recompute_finished_at = NULL`,
    [workspaceId, version, version ?? 0, Number(rows[0].n), now],
  );
}
