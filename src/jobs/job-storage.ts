import type {
  ClaimRequest,
  EnqueueOptions,
  FailOutcome,
  Failure,
  Job,
  JobCount,
  JobPayload,
  Lease,
  NewJob,
} from './types.ts';

/**
 * The jobs as a write unit sees them (`unit.jobs`): enqueued or cancelled in that unit's transaction,
 * so a timer commits or rolls back with the enrolment or step that set it.
 */
export interface JobWritesInUnit {
  enqueue(jobs: readonly NewJob[], options: EnqueueOptions): Promise<number>;
  cancel(workspaceId: number, keys: readonly string[]): Promise<number>;
}

/**
 * The jobs table of one store: every durable timer and retry. Each adapter writes its own SQL; every
 * time is passed in from the caller's clock, never read from the database, so tests drive time.
 *
 * A job is claimable when it is live (not dead), due (`runAt <= now`) and either unlocked or its lease
 * ran out (`lockedUntil < now`): a worker that dies holding a job loses it when its lease ends. The
 * writes that finish a claim (complete, reschedule, fail, heartbeat) only touch jobs still locked by the
 * worker that asks, so a worker whose lease was taken over cannot undo the new holder's work.
 */
export interface JobStorage {
  /**
   * Adds jobs, one live job per (workspace, key); see `OnConflict` for a key that is already there.
   * Returns how many jobs were created or (with `replace`) changed.
   *
   * @example await store.jobs.enqueue([{ workspaceId, kind: 'journey.wake', key: `wake:${id}`, runAt }],
   *   { now: clock.now(), onConflict: 'replace' });
   */
  enqueue(jobs: readonly NewJob[], options: EnqueueOptions): Promise<number>;
  /** Locks up to `limit` claimable jobs of the given kinds for the worker until `now + leaseMs`; counts an attempt on each. */
  claim(request: ClaimRequest): Promise<Job[]>;
  /** Extends the worker's leases on these jobs to `now + leaseMs`; returns the ids it still holds. */
  heartbeat(lease: Lease, ids: readonly number[]): Promise<number[]>;
  /** Deletes the worker's finished jobs; returns the ids that were still its own. */
  complete(workerId: string, ids: readonly number[]): Promise<number[]>;
  /**
   * Makes the worker's job wait until `runAt` and run again (a recurring job), attempts starting over;
   * false when it was no longer the worker's.
   */
  reschedule(workerId: string, id: number, runAt: number, payload?: JobPayload): Promise<boolean>;
  /** Records a failed attempt: retried after the backoff, or kept as failed after its last attempt. */
  fail(workerId: string, id: number, failure: Failure): Promise<FailOutcome>;
  /** Deletes the workspace's live jobs with these keys (running ones too); returns how many. */
  cancel(workspaceId: number, keys: readonly string[]): Promise<number>;

  /** The workspace's jobs counted by kind and state at `now`, ordered by kind then state. */
  counts(workspaceId: number, now: number): Promise<JobCount[]>;
  /** The jobs of the workspace with this key: at most one live, then any dead ones, by id. */
  find(workspaceId: number, key: string): Promise<Job[]>;
  /** The workspace's dead jobs, most recently failed first. */
  failed(workspaceId: number, limit: number): Promise<Job[]>;
  /**
   * The earliest `runAt` among jobs of these kinds that nobody holds, in any workspace: when a worker
   * should look again (it may be in the past while jobs wait for a free worker). Null when there are none.
   */
  nextDue(now: number, kinds: readonly string[]): Promise<number | null>;
}
