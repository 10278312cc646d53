/** A JSON value as a job's payload holds it: what survives a round trip through the database unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A job's payload: a JSON object. Keep it small (ids, not documents); the handler reads the rest. */
export type JobPayload = { [key: string]: JsonValue };

/**
 * One durable job: a timer, a retry or a recurring task. It stays in the table until it completes
 * (then it is deleted), is cancelled, or fails its last attempt (then it is kept, `failedAt` set, with its
 * last error). Times are epoch milliseconds from the caller's clock.
 */
export type Job = {
  id: number;
  workspaceId: number;
  /** The handler that runs it, a dotted name such as `predict.fit`. */
  kind: string;
  /** Unique among the workspace's live jobs: enqueuing the same key again never makes a second job. */
  key: string;
  payload: JobPayload;
  /** When it may run next. */
  runAt: number;
  /** Attempts started so far: counted when an attempt is claimed, so a worker that died counts too. */
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  /** The worker holding it while `lockedUntil` lies ahead; after that any worker may take it. */
  lockedBy: string | null;
  lockedUntil: number | null;
  /** Set when its last attempt failed: a dead job, kept for people to look at. */
  failedAt: number | null;
  createdAt: number;
};

/** A job to enqueue. `maxAttempts` defaults to `DEFAULT_MAX_ATTEMPTS`, the payload to `{}`. */
export type NewJob = {
  workspaceId: number;
  kind: string;
  key: string;
  runAt: number;
  payload?: JobPayload;
  maxAttempts?: number;
};

/**
 * What enqueuing a key that already has a live job does:
 * - `keep`: nothing; the job keeps its run time, payload and attempts ("make sure it is scheduled").
 * - `replace`: the new kind, payload, run time and max attempts win, attempts and last error start over,
 *   and a lease on it is voided ("reschedule it"): if it is running, that run's completion no longer
 *   removes it, so it runs again with the new values (handlers run at least once, so this is safe).
 *
 * A key whose job failed for good (dead) is free again: enqueuing it makes a new job beside the dead one.
 */
export type OnConflict = 'keep' | 'replace';

export type EnqueueOptions = { now: number; onConflict: OnConflict };

/** Where a job stands at a given time: `running` while a lease on it has not run out. */
export type JobState = 'scheduled' | 'due' | 'running' | 'failed';

/** How many of a workspace's jobs of one kind are in one state, and the earliest `runAt` among them. */
export type JobCount = { kind: string; state: JobState; count: number; nextRunAt: number };

/** A worker's hold on the jobs it claims: they are its own until `now + leaseMs`. */
export type Lease = { workerId: string; now: number; leaseMs: number };

export type ClaimRequest = Lease & {
  /** At most this many jobs, the earliest `runAt` first (then the lowest id). */
  limit: number;
  /** Only jobs of these kinds: a worker never takes (and spends an attempt of) a job it cannot run. */
  kinds: readonly string[];
};

/**
 * The retry delay after a failed attempt, computed in the SQL of the fail statement:
 * `run_at = now + min(maxMs, baseMs * 2^min(attempts - 1, 30))`, where `attempts` counts the attempt that
 * just failed. So with base 10 s: 10 s, 20 s, 40 s, ... up to `maxMs`.
 */
export type Backoff = { baseMs: number; maxMs: number };

export type Failure = { error: string; now: number; backoff: Backoff };

/** `retry`: scheduled again with backoff; `failed`: that was its last attempt; `lost`: it was no longer ours. */
export type FailOutcome = 'retry' | 'failed' | 'lost';
