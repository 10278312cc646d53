import type { Clock } from '../core/index.ts';
import type { CompletionBatch } from './completion-batch.ts';
import { describeError } from './describe-error.ts';
import type { JobStorage } from './job-storage.ts';
import type { Backoff, Job, JobPayload } from './types.ts';

export type JobContext = { now: number; workerId: string };
/** A handler's request to run its job again at `rerunAt` (a recurring job), optionally with a new payload. */
export type JobResult = { rerunAt: number; payload?: JobPayload };
/**
 * Runs one job. Returning nothing completes it (it is deleted); a `JobResult` makes it wait for its next
 * run. A throw is a failed attempt: the job is retried with backoff, never lost.
 */
export type JobHandler = (job: Job, context: JobContext) => Promise<JobResult | undefined> | Promise<void>;

/** `lost`: the job was no longer this worker's (cancelled, replaced, or its lease taken over); `unsettled`:
 * writing the outcome failed, so the job stays locked until its lease runs out and then runs again. */
export type JobOutcome = 'completed' | 'rescheduled' | 'retry' | 'failed' | 'lost' | 'unsettled';
export type JobRun = { job: Job; outcome: JobOutcome; error?: unknown };

/** What a run needs from its worker. */
export type RunContext = {
  storage: JobStorage;
  workerId: string;
  clock: Clock;
  completions: CompletionBatch;
  onError: (error: unknown, job: Job | null) => void;
};

/**
 * Runs one claimed job with its handler and writes the outcome: completed (deleted, in a batch with
 * others), rescheduled, or a failed attempt (retried with `backoff`, or kept as failed after the last).
 * `onHandled` is called once the handler is done, before the write: the worker's slot is free then, so
 * its next claim and this write go to the database side by side.
 * It never throws: a handler's error is the attempt's outcome, and a failed write leaves the job locked
 * until its lease runs out, when it runs again.
 */
export async function runJob(
  job: Job,
  handler: JobHandler,
  backoff: Backoff,
  r: RunContext,
  onHandled: () => void,
): Promise<JobRun> {
  const now = r.clock.now();
  let result: JobResult | undefined;
  try {
    result = (await handler(job, { now, workerId: r.workerId })) || undefined;
    if (result !== undefined && !(Number.isSafeInteger(result.rerunAt) && result.rerunAt > now)) {
      throw new Error(`the handler of ${job.kind} asked to run again at ${result.rerunAt}, not after ${now}`);
    }
  } catch (error) {
    onHandled();
    r.onError(error, job);
    return settle(job, error, r, () =>
      r.storage.fail(r.workerId, job.id, { error: describeError(error), now: r.clock.now(), backoff }),
    );
  }
  onHandled();
  return settle(job, undefined, r, async () => {
    if (result) {
      const ok = await r.storage.reschedule(r.workerId, job.id, result.rerunAt, result.payload);
      return ok ? 'rescheduled' : 'lost';
    }
    return (await r.completions.complete(job.id)) ? 'completed' : 'lost';
  });
}

async function settle(
  job: Job,
  error: unknown,
  r: RunContext,
  write: () => Promise<JobOutcome>,
): Promise<JobRun> {
  try {
    const outcome = await write();
    return error === undefined ? { job, outcome } : { job, outcome, error };
  } catch (writeError) {
    r.onError(writeError, null);
    return { job, outcome: 'unsettled', error: writeError };
  }
}
