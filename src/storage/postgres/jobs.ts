import type pg from 'pg';
import type { JobStorage, JobTable, JobWrites } from '../../jobs/index.ts';
import { checkedJobs, checkedWrites } from '../../jobs/index.ts';
import { claimedJobs, toJob, toJobCount } from '../job-rows.ts';
import { REPLACE_SET, RESCHEDULE_SET, stateAt } from '../job-sql.ts';
import { inTransaction } from './pool.ts';

/** Rows per INSERT: seven arrays of this many elements stay well inside one message. */
const CHUNK = 5000;

const INSERT = `INSERT INTO jobs (workspace_id, kind, key, payload, run_at, max_attempts, created_at)
  SELECT w, k, key, p::jsonb, r, m, $7 FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[],
    $5::bigint[], $6::int[]) AS t (w, k, key, p, r, m)
  ON CONFLICT (workspace_id, key) WHERE failed_at IS NULL`;
const ENQUEUE = { keep: `${INSERT} DO NOTHING`, replace: `${INSERT} DO UPDATE SET ${REPLACE_SET}` };

/** The claim, in 008_jobs.sql: a function, so that it can pin its plan to the jobs_due index order. */
export const CLAIM = 'SELECT * FROM jobs_claim($1, $2, $3, $4, $5)';

// The backoff in SQL, from the attempts the row counts: now + min(max, base * 2^min(attempts - 1, 30)).
const FAIL = `UPDATE jobs SET
    last_error = $3, locked_by = NULL, locked_until = NULL,
    failed_at = CASE WHEN attempts >= max_attempts THEN $4::bigint END,
    run_at = CASE WHEN attempts >= max_attempts THEN run_at
      ELSE $4::bigint + least($6::bigint, $5::bigint * (1::bigint << least(greatest(attempts - 1, 0), 30))) END
  WHERE id = $1 AND locked_by = $2
  RETURNING failed_at`;

const COLUMNS = ['workspaceId', 'kind', 'key', 'payload', 'runAt', 'maxAttempts'] as const;

/** The writes on any connection: the pool's, or one inside the caller's transaction. */
const writes: JobWrites<pg.ClientBase | pg.Pool, Promise<number>> = {
  async insert(c, rows, options) {
    let changed = 0;
    for (let at = 0; at < rows.length; at += CHUNK) {
      const chunk = rows.slice(at, at + CHUNK);
      const columns = COLUMNS.map((name) => chunk.map((job) => job[name]));
      changed += (await c.query(ENQUEUE[options.onConflict], [...columns, options.now])).rowCount ?? 0;
    }
    return changed;
  },
  async cancel(c, workspaceId, keys) {
    const { rowCount } = await c.query(
      'DELETE FROM jobs WHERE workspace_id = $1 AND key = ANY($2::text[]) AND failed_at IS NULL',
      [workspaceId, keys],
    );
    return rowCount ?? 0;
  },
};

const inCallersTransaction = checkedWrites<pg.ClientBase, Promise<number>>(writes);

/**
 * `enqueue` on a connection inside a transaction the caller holds: the jobs commit or roll back with
 * the rest of its unit of work.
 *
 * @example await inTransaction(pool, async (c) => { await enrol(c, ...); await enqueueWith(c, [timer], opts); });
 */
export const enqueueWith = inCallersTransaction.enqueue;

/** `cancel` on a connection inside a transaction the caller holds. */
export const cancelWith = inCallersTransaction.cancel;

/** The store's jobs, every input checked (see `checkedJobs`). */
export const postgresJobs = (store: { readonly pool: pg.Pool }): JobStorage =>
  checkedJobs(postgresJobTable(store));

/**
 * Jobs on PostgreSQL. Enqueue and cancel commit durably. The worker's own writes (claim, heartbeat,
 * complete, reschedule, fail) commit without waiting for the WAL to reach disk, each statement in its
 * own short transaction: losing the last of them in a crash only makes a job run again once its lease
 * runs out (the handlers run at least once anyway), never loses one, and a durable commit after them
 * flushes them too. Waiting for the disk made each claim and each completion cost a sync (4-5 ms on
 * the benchmark's machine, a third of that without).
 */
function postgresJobTable(store: { readonly pool: pg.Pool }): JobTable {
  // The store, not its pool: the store builds its pool in its constructor, after its fields.
  const rows = async (sql: string, args: unknown[]) => (await store.pool.query(sql, args)).rows;
  const relaxed = (sql: string, args: unknown[]) =>
    inTransaction(store.pool, async (c) => {
      await c.query('SET LOCAL synchronous_commit = off');
      return c.query(sql, args);
    });
  const ids = async (sql: string, args: unknown[]) =>
    (await relaxed(sql, args)).rows.map((row) => Number(row.id));
  return {
    insert: (jobs, options) =>
      // Several statements: all of the batch or none of it.
      jobs.length <= CHUNK
        ? writes.insert(store.pool, jobs, options)
        : inTransaction(store.pool, (c) => writes.insert(c, jobs, options)),
    claim: async (r) =>
      claimedJobs((await relaxed(CLAIM, [r.now, r.kinds, r.limit, r.workerId, r.now + r.leaseMs])).rows),
    heartbeat: (lease, list) =>
      ids(
        `UPDATE jobs SET locked_until = $1
         WHERE id = ANY($2::bigint[]) AND locked_by = $3 AND failed_at IS NULL RETURNING id`,
        [lease.now + lease.leaseMs, list, lease.workerId],
      ),
    complete: (workerId, list) =>
      ids('DELETE FROM jobs WHERE id = ANY($1::bigint[]) AND locked_by = $2 RETURNING id', [list, workerId]),
    async reschedule(workerId, id, runAt, payload) {
      const { rowCount } = await relaxed(
        `UPDATE jobs SET run_at = $3, payload = coalesce($4::jsonb, payload), ${RESCHEDULE_SET}
         WHERE id = $1 AND locked_by = $2`,
        [id, workerId, runAt, payload],
      );
      return (rowCount ?? 0) > 0;
    },
    async fail(workerId, id, f) {
      const args = [id, workerId, f.error, f.now, f.backoff.baseMs, f.backoff.maxMs];
      const [row] = (await relaxed(FAIL, args)).rows;
      if (!row) return 'lost';
      return row.failed_at === null ? 'retry' : 'failed';
    },
    cancel: (workspaceId, keys) => writes.cancel(store.pool, workspaceId, [...keys]),
    // Live and dead jobs each through their own index: a scan of the workspace's jobs, not the table.
    counts: async (workspaceId, now) =>
      (
        await rows(
          `SELECT kind, ${stateAt('$2::bigint')} AS state, count(*) AS n, min(run_at) AS next_run_at FROM (
             SELECT * FROM jobs WHERE workspace_id = $1 AND failed_at IS NULL
             UNION ALL SELECT * FROM jobs WHERE workspace_id = $1 AND failed_at IS NOT NULL) AS j
           GROUP BY kind, state ORDER BY kind COLLATE "C", state`,
          [workspaceId, now],
        )
      ).map(toJobCount),
    find: async (workspaceId, key) =>
      (
        await rows(
          'SELECT * FROM jobs WHERE workspace_id = $1 AND key = $2 ORDER BY failed_at IS NULL DESC, id',
          [workspaceId, key],
        )
      ).map(toJob),
    failed: async (workspaceId, limit) =>
      (
        await rows(
          `SELECT * FROM jobs WHERE workspace_id = $1 AND failed_at IS NOT NULL
           ORDER BY failed_at DESC, id DESC LIMIT $2`,
          [workspaceId, limit],
        )
      ).map(toJob),
    async nextDue(now, kinds) {
      const [row] = await rows('SELECT jobs_next_due($1, $2) AS run_at', [now, kinds]);
      return row?.run_at === null || row?.run_at === undefined ? null : Number(row.run_at);
    },
  };
}
