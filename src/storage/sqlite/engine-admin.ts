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
import { toCustomerRecord } from '../engine-rows.ts';
import { readCustomerLogs } from './customer-logs.ts';
import { CUSTOMER_RECORD } from './engine-transaction.ts';
import type { SqliteStore } from './sqlite-store.ts';

/** The engine's admin side on SQLite. */
export class SqliteEngineAdmin implements EngineStorage {
  readonly #s: SqliteStore;

  constructor(store: SqliteStore) {
    this.#s = store;
  }

  async publishModel(workspaceId: number, model: LifecycleModel, now: number): Promise<number> {
    return this.#s.writeNow(() => {
      const s = this.#s;
      const row = s
        .statement('SELECT coalesce(max(version), 0) + 1 AS v FROM lifecycle_models WHERE workspace_id = ?')
        .get(workspaceId);
      const version = Number(row!.v);
      s.statement(
        'INSERT INTO lifecycle_models (workspace_id, version, definition, created_at) VALUES (?, ?, ?, ?)',
      ).run(workspaceId, version, JSON.stringify(model), now);
      restartUnder(s, workspaceId, version, now);
      return version;
    });
  }

  startRecompute(workspaceId: number, now: number): Promise<void> {
    return this.#s.writeNow(() => restartRecompute(this.#s, workspaceId, now));
  }

  async getModel(workspaceId: number, version?: number): Promise<StoredModel | null> {
    const row =
      version === undefined
        ? this.#s
            .statement(
              `SELECT m.version, m.definition, m.created_at FROM lifecycle_models m
               JOIN engine_workspaces w ON w.workspace_id = m.workspace_id AND w.model_version = m.version
               WHERE m.workspace_id = ?`,
            )
            .get(workspaceId)
        : this.#s
            .statement(
              'SELECT version, definition, created_at FROM lifecycle_models WHERE workspace_id = ? AND version = ?',
            )
            .get(workspaceId, version);
    if (!row) return null;
    return {
      version: Number(row.version),
      model: JSON.parse(String(row.definition)),
      createdAt: Number(row.created_at),
    };
  }

  async listModelVersions(workspaceId: number) {
    return this.#s
      .statement(
        `SELECT m.version, m.created_at, (w.model_version = m.version) AS active FROM lifecycle_models m
         LEFT JOIN engine_workspaces w ON w.workspace_id = m.workspace_id
         WHERE m.workspace_id = ? ORDER BY m.version`,
      )
      .all(workspaceId)
      .map((r) => ({
        version: Number(r.version),
        createdAt: Number(r.created_at),
        active: Number(r.active) === 1,
      }));
  }

  async recomputeStatus(workspaceId: number): Promise<RecomputeStatus | null> {
    const r = this.#s
      .statement(
        `SELECT recompute_version, recompute_done, recompute_total, recompute_started_at, recompute_finished_at
         FROM engine_workspaces WHERE workspace_id = ? AND recompute_version IS NOT NULL`,
      )
      .get(workspaceId);
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
    const row = this.#s
      .statement(`${CUSTOMER_RECORD} WHERE c.workspace_id = ? AND c.id = ?`)
      .get(workspaceId, customerId);
    return row ? toCustomerRecord(row) : null;
  }

  async customerRecords(workspaceId: number, afterId: number, limit: number): Promise<CustomerRecord[]> {
    return this.#s
      .statement(`${CUSTOMER_RECORD} WHERE c.workspace_id = ? AND c.id > ? ORDER BY c.id LIMIT ?`)
      .all(workspaceId, afterId, limit)
      .map(toCustomerRecord);
  }

  async customerLogForDryRun(workspaceId: number, customerId: number, plan: LogPlan): Promise<EngineEvent[]> {
    return readCustomerLogs(this.#s, workspaceId, [customerId], Number.MAX_SAFE_INTEGER, plan).get(
      customerId,
    )!;
  }

  async segmentDefinitions(workspaceId: number): Promise<SegmentDefinition[]> {
    return this.#s
      .statement('SELECT id, key, kind, rule FROM segments WHERE workspace_id = ? ORDER BY id')
      .all(workspaceId)
      .map((r) => ({
        id: Number(r.id),
        key: String(r.key),
        kind: r.kind as 'rule' | 'static',
        rule: r.rule ? JSON.parse(String(r.rule)) : null,
      }));
  }

  async watchers(workspaceId: number): Promise<WatcherDefinition[]> {
    return this.#s
      .statement('SELECT owner, rules FROM engine_watchers WHERE workspace_id = ? ORDER BY owner')
      .all(workspaceId)
      .map((r) => ({ owner: String(r.owner), rules: JSON.parse(String(r.rules)) }));
  }

  async currentStages(workspaceId: number, customerIds: number[]): Promise<Map<number, CurrentStage>> {
    const stmt = this.#s.statement(
      'SELECT stage, stage_since FROM customer_state WHERE customer_id = ? AND workspace_id = ? AND stage IS NOT NULL',
    );
    const out = new Map<number, CurrentStage>();
    for (const id of customerIds) {
      const r = stmt.get(id, workspaceId);
      if (r) out.set(id, { stage: String(r.stage), since: Number(r.stage_since) });
    }
    return out;
  }

  async stageHistory(
    workspaceId: number,
    customerId: number,
    before: number | null,
    limit: number,
  ): Promise<StageHistoryEntry[]> {
    return this.#s
      .statement(
        `SELECT id, from_stage, to_stage, at, cause, event_id, model_version, rule, facts FROM stage_moves
         WHERE customer_id = ? AND workspace_id = ? AND id < ? ORDER BY id DESC LIMIT ?`,
      )
      .all(customerId, workspaceId, before ?? Number.MAX_SAFE_INTEGER, limit)
      .map((r) => ({
        id: Number(r.id),
        from: r.from_stage === null ? null : String(r.from_stage),
        to: String(r.to_stage),
        at: Number(r.at),
        cause: r.cause as MoveCause,
        eventId: r.event_id === null ? null : Number(r.event_id),
        modelVersion: r.model_version === null ? null : Number(r.model_version),
        rule: String(r.rule ?? ''),
        facts: JSON.parse(String(r.facts)),
      }));
  }
}

/** Inside an open write transaction: tells the engines the configuration changed, re-evaluating nobody. */
export function bumpGeneration(s: SqliteStore, workspaceId: number): void {
  s.statement(
    `INSERT INTO engine_workspaces (workspace_id, config_generation) VALUES (?, 1)
     ON CONFLICT (workspace_id) DO UPDATE SET config_generation = engine_workspaces.config_generation + 1`,
  ).run(workspaceId);
}

/**
 * Inside an open write transaction: bumps the workspace's configuration generation, so engines reload
 * what they compiled, and restarts the recompute of every customer under the active model version.
 * For writes that change what rules see (segments) and must commit together with that change.
 */
export function restartRecompute(s: SqliteStore, workspaceId: number, now: number): void {
  const row = s
    .statement('SELECT model_version FROM engine_workspaces WHERE workspace_id = ?')
    .get(workspaceId);
  restartUnder(
    s,
    workspaceId,
    row?.model_version === null || row === undefined ? null : Number(row.model_version),
    now,
  );
}

/** Bumps the configuration generation and (re)starts the recompute under `version`. */
function restartUnder(s: SqliteStore, workspaceId: number, version: number | null, now: number): void {
  const total = Number(
    s.statement('SELECT count(*) AS n FROM customers WHERE workspace_id = ?').get(workspaceId)!.n,
  );
  s.statement(
    `INSERT INTO engine_workspaces (workspace_id, model_version, config_generation, recompute_version,
       recompute_cursor, recompute_done, recompute_total, recompute_started_at, recompute_finished_at)
     VALUES (?, ?, 1, ?, 0, 0, ?, ?, NULL)
     ON CONFLICT (workspace_id) DO UPDATE SET model_version = excluded.model_version,
       config_generation = engine_workspaces.config_generation + 1, recompute_version = excluded.recompute_version,
       recompute_cursor = 0, recompute_done = 0, recompute_total = excluded.recompute_total,
       recompute_started_at = excluded.recompute_started_at, recompute_finished_at = NULL`,
  ).run(workspaceId, version, version ?? 0, total, now);
}
