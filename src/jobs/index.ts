export { checkedJobs, checkedWrites, type JobTable, type JobWrites } from './checked-jobs.ts';
export { DEFAULT_BACKOFF, DEFAULT_LEASE_MS, DEFAULT_MAX_ATTEMPTS, LIMITS } from './defaults.ts';
export type { JobStorage, JobWritesInUnit } from './job-storage.ts';
export { JobWorker, type WorkerOptions } from './job-worker.ts';
export type { JobContext, JobHandler, JobOutcome, JobResult, JobRun } from './run-job.ts';
export { ManualTimers, systemTimers, type Timers } from './timers.ts';
export type {
  Backoff,
  ClaimRequest,
  EnqueueOptions,
  FailOutcome,
  Failure,
  Job,
  JobCount,
  JobPayload,
  JobState,
  JsonValue,
  Lease,
  NewJob,
  OnConflict,
} from './types.ts';
export type { PreparedJob } from './validate.ts';
