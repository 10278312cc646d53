import type { Job, JobCount, JobPayload, JobState } from '../jobs/index.ts';

/** Maps jobs rows to the port's types. SQLite hands the payload back as text, PostgreSQL as parsed jsonb. */
type Row = Record<string, unknown>;

const numOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

export const toJob = (r: Row): Job => ({
  id: Number(r.id),
  workspaceId: Number(r.workspace_id),
  kind: String(r.kind),
  key: String(r.key),
  payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as JobPayload,
  runAt: Number(r.run_at),
  attempts: Number(r.attempts),
  maxAttempts: Number(r.max_attempts),
  lastError: r.last_error === null || r.last_error === undefined ? null : String(r.last_error),
  lockedBy: r.locked_by === null || r.locked_by === undefined ? null : String(r.locked_by),
  lockedUntil: numOrNull(r.locked_until),
  failedAt: numOrNull(r.failed_at),
  createdAt: Number(r.created_at),
});

export const toJobCount = (r: Row): JobCount => ({
  kind: String(r.kind),
  state: r.state as JobState,
  count: Number(r.n),
  nextRunAt: Number(r.next_run_at),
});

/**
 * The jobs a claim took, in claim order. UPDATE ... RETURNING promises no order in either database, and
 * jobs it found spent (their last attempt's lease ran out) became dead rather than claimed.
 */
export const claimedJobs = (rows: Row[]): Job[] =>
  rows
    .map(toJob)
    .filter((job) => job.failedAt === null)
    .sort((a, b) => a.runAt - b.runAt || a.id - b.id);
