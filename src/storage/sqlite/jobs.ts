import type { JobStorage, JobTable, JobWrites } from '../../jobs/index.ts';
import { checkedJobs, checkedWrites } from '../../jobs/index.ts';
import { claimedJobs, toJob, toJobCount } from '../job-rows.ts';
import { REPLACE_SET, RESCHEDULE_SET, stateAt } from '../job-sql.ts';
import { anyClaimableSql, claimSql, kindArgs, nextDueSql } from './job-claim-sql.ts';
import type { SqliteStore } from './sqlite-store.ts';

const INSERT = `INSERT INTO jobs (workspace_id, kind, key, payload, run_at, max_attempts, created_at)
  VALUES (:ws, :kind, :key, :payload, :runAt, :maxAttempts, :now)
  ON CONFLICT (workspace_id, key) WHERE failed_at IS NULL`;
const ENQUEUE = { keep: `${INSERT} DO NOTHING`, replace: `${INSERT} DO UPDATE SET ${REPLACE_SET}` };

// The backoff in SQL, from the attempts the row counts: now + min(max, base * 2^min(attempts - 1, 30)).
const FAIL = `UPDATE jobs SET
    last_error = :error, locked_by = NULL, locked_until = NULL,
    failed_at = CASE WHEN attempts >= max_attempts THEN :now END,
    run_at = CASE WHEN attempts >= max_attempts THEN run_at
      ELSE :now + min(:maxMs, :baseMs * (1 << min(max(attempts - 1, 0), 30))) END
  WHERE id = :id AND locked_by = :worker
  RETURNING failed_at`;

const IN_IDS = 'id IN (SELECT value FROM json_each(:ids))';

/** The writes that join a transaction already open on the store's connection (`writeNow`'s, or the caller's). */
const writes: JobWrites<SqliteStore, number> = {
  insert(store, rows, options) {
    inTransaction(store);
    const statement = store.statement(ENQUEUE[options.onConflict]);
    let changed = 0;
    for (const { workspaceId: ws, kind, key, payload, runAt, maxAttempts } of rows) {
      changed += Number(
        statement.run({ ws, kind, key, payload, runAt, maxAttempts, now: options.now }).changes,
      );
    }
    return changed;
  },
  cancel(store, workspaceId, keys) {
    inTransaction(store);
    const sql = `DELETE FROM jobs WHERE workspace_id = :ws AND failed_at IS NULL
      AND key IN (SELECT value FROM json_each(:keys))`;
    return Number(store.statement(sql).run({ ws: workspaceId, keys: JSON.stringify(keys) }).changes);
  },
};

function inTransaction(store: SqliteStore): void {
  // Outside a transaction the write would commit on its own, or land in another caller's open one.
  if (!store.db.isTransaction) {
    throw new Error(
      "the jobs' enqueueSync and cancelSync run inside a transaction on the store (store.writeNow)",
    );
  }
}

const inCallersTransaction = checkedWrites(writes);

/**
 * `enqueue` inside the write transaction the caller holds on this store's connection, synchronously:
 * the jobs commit or roll back with the rest of its unit of work.
 *
 * @example await store.writeNow(() => { enrol(...); enqueueSync(store, [timer], { now, onConflict: 'keep' }); });
 */
export const enqueueSync = inCallersTransaction.enqueue;

/** `cancel` inside the write transaction the caller holds on this store's connection. */
export const cancelSync = inCallersTransaction.cancel;

/** The store's jobs, every input checked (see `checkedJobs`). */
export const sqliteJobs = (store: SqliteStore): JobStorage => checkedJobs(sqliteJobTable(store));

/** Jobs on SQLite. Each write is one transaction in turn with the store's other writes (`writeNow`). */
function sqliteJobTable(s: SqliteStore): JobTable {
  const returningIds = (sql: string, args: Record<string, string | number>) =>
    s.writeNow(() =>
      s
        .statement(sql)
        .all(args)
        .map((row) => Number(row.id)),
    );
  return {
    insert: (rows, options) => s.writeNow(() => writes.insert(s, rows, options)),
    async claim(r) {
      const where = { now: r.now, ...kindArgs(r.kinds) };
      // A read first, so that an idle worker's poll never takes the write lock the ingest writer wants.
      if (!s.statement(anyClaimableSql(r.kinds.length)).get({ ...where, limit: 1 })) return [];
      const args = { ...where, worker: r.workerId, until: r.now + r.leaseMs, limit: r.limit };
      return s.writeNow(() => claimedJobs(s.statement(claimSql(r.kinds.length)).all(args)));
    },
    heartbeat: (lease, ids) =>
      returningIds(
        `UPDATE jobs SET locked_until = :until
         WHERE ${IN_IDS} AND locked_by = :worker AND failed_at IS NULL RETURNING id`,
        { ids: JSON.stringify(ids), worker: lease.workerId, until: lease.now + lease.leaseMs },
      ),
    complete: (workerId, ids) =>
      returningIds(`DELETE FROM jobs WHERE ${IN_IDS} AND locked_by = :worker RETURNING id`, {
        ids: JSON.stringify(ids),
        worker: workerId,
      }),
    reschedule: (workerId, id, runAt, payload) =>
      s.writeNow(() => {
        const sql = `UPDATE jobs SET run_at = :runAt, payload = coalesce(:payload, payload), ${RESCHEDULE_SET}
          WHERE id = :id AND locked_by = :worker`;
        return Number(s.statement(sql).run({ id, worker: workerId, runAt, payload }).changes) > 0;
      }),
    fail: (workerId, id, f) =>
      s.writeNow(() => {
        const row = s.statement(FAIL).get({ id, worker: workerId, error: f.error, now: f.now, ...f.backoff });
        if (!row) return 'lost';
        return row.failed_at === null ? 'retry' : 'failed';
      }),
    cancel: (workspaceId, keys) => s.writeNow(() => writes.cancel(s, workspaceId, [...keys])),
    // Live and dead jobs each through their own index: a scan of the workspace's jobs, not the table.
    counts: async (workspaceId, now) =>
      s
        .statement(
          `SELECT kind, ${stateAt(':now')} AS state, count(*) AS n, min(run_at) AS next_run_at FROM (
             SELECT * FROM jobs WHERE workspace_id = :ws AND failed_at IS NULL
             UNION ALL SELECT * FROM jobs WHERE workspace_id = :ws AND failed_at IS NOT NULL)
           GROUP BY kind, state ORDER BY kind, state`,
        )
        .all({ ws: workspaceId, now })
        .map(toJobCount),
    find: async (workspaceId, key) =>
      s
        .statement(
          'SELECT * FROM jobs WHERE workspace_id = ? AND key = ? ORDER BY failed_at IS NULL DESC, id',
        )
        .all(workspaceId, key)
        .map(toJob),
    failed: async (workspaceId, limit) =>
      s
        .statement(
          `SELECT * FROM jobs WHERE workspace_id = ? AND failed_at IS NOT NULL
           ORDER BY failed_at DESC, id DESC LIMIT ?`,
        )
        .all(workspaceId, limit)
        .map(toJob),
    async nextDue(now, kinds) {
      const row = s.statement(nextDueSql(kinds.length)).get({ now, ...kindArgs(kinds) });
      return row?.run_at === null || row?.run_at === undefined ? null : Number(row.run_at);
    },
  };
}
