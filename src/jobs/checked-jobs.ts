import type { JobStorage } from './job-storage.ts';
import type { EnqueueOptions, NewJob } from './types.ts';
import {
  checkClaim,
  checkFailure,
  checkIds,
  checkKey,
  checkKeys,
  checkKinds,
  checkLease,
  checkLimit,
  checkPayload,
  checkTime,
  checkWorkerId,
  checkWorkspaceId,
  type PreparedJob,
  prepareJobs,
} from './validate.ts';

/**
 * What a store's adapter implements: the SQL of each operation of `JobStorage`, on inputs that
 * `checkedJobs` has checked already. `insert` takes the prepared batch (keys unique, payloads as JSON
 * text) and `reschedule` the payload as JSON text.
 */
export type JobTable = Omit<JobStorage, 'enqueue' | 'reschedule'> & {
  insert(rows: PreparedJob[], options: EnqueueOptions): Promise<number>;
  reschedule(workerId: string, id: number, runAt: number, payload: string | null): Promise<boolean>;
};

/**
 * The port over an adapter's table: every input is checked here, once for both stores, so that both
 * refuse the same things with the same message before any SQL runs.
 *
 * @example readonly jobs: JobStorage = checkedJobs(sqliteJobTable(this));
 */
export function checkedJobs(table: JobTable): JobStorage {
  const id = (value: number) => checkIds([value])[0]!;
  return {
    async enqueue(jobs, options) {
      const rows = prepareJobs(jobs, options);
      return rows.length === 0 ? 0 : table.insert(rows, options);
    },
    claim: async (request) => table.claim(checkClaim(request)),
    async heartbeat(lease, ids) {
      const [checked, list] = [checkLease(lease), checkIds(ids)];
      return list.length === 0 ? [] : table.heartbeat(checked, list);
    },
    async complete(workerId, ids) {
      const [worker, list] = [checkWorkerId(workerId), checkIds(ids)];
      return list.length === 0 ? [] : table.complete(worker, list);
    },
    reschedule: async (workerId, jobId, runAt, payload) =>
      table.reschedule(
        checkWorkerId(workerId),
        id(jobId),
        checkTime('runAt', runAt),
        payload === undefined ? null : checkPayload(payload),
      ),
    fail: async (workerId, jobId, failure) =>
      table.fail(checkWorkerId(workerId), id(jobId), checkFailure(failure)),
    async cancel(workspaceId, keys) {
      const [ws, list] = [checkWorkspaceId(workspaceId), checkKeys(keys)];
      return list.length === 0 ? 0 : table.cancel(ws, list);
    },
    counts: async (workspaceId, now) => table.counts(checkWorkspaceId(workspaceId), checkTime('now', now)),
    find: async (workspaceId, key) => table.find(checkWorkspaceId(workspaceId), checkKey(key)),
    failed: async (workspaceId, limit) => table.failed(checkWorkspaceId(workspaceId), checkLimit(limit)),
    nextDue: async (now, kinds) => table.nextDue(checkTime('now', now), checkKinds(kinds)),
  };
}

/**
 * The writes an adapter offers inside a transaction its caller holds on connection `C` (a unit of work
 * that enrols a customer commits its timers with it); `R` is `number`, or a promise of one.
 */
export type JobWrites<C, R> = {
  insert(c: C, rows: PreparedJob[], options: EnqueueOptions): R;
  cancel(c: C, workspaceId: number, keys: string[]): R;
};

/** `enqueue` and `cancel` on the caller's connection, their inputs checked as the port's are. */
export function checkedWrites<C, R>(writes: JobWrites<C, R>) {
  return {
    enqueue: (c: C, jobs: readonly NewJob[], options: EnqueueOptions): R =>
      writes.insert(c, prepareJobs(jobs, options), options),
    cancel: (c: C, workspaceId: number, keys: readonly string[]): R =>
      writes.cancel(c, checkWorkspaceId(workspaceId), checkKeys(keys)),
  };
}
