import { systemClock } from '../../src/core/index.ts';
import { type JobStorage, JobWorker } from '../../src/jobs/index.ts';

/** The kind every measured job has: a handler that does nothing, so the figures are the mechanism's. */
export const NOOP = 'bench.noop';

export type Drained = {
  /** Jobs this worker ran. */
  handled: number;
  /** Epoch ms when it started and when its last completion was written (processes compare these). */
  startedAt: number;
  finishedAt: number;
  /** Wall time of each claim call, ms. */
  claims: number[];
};

/**
 * Runs one JobWorker (started, as the server runs it) on `storage` until no job of the bench's kind is
 * left for it to claim, then stops it, which waits for its last completions to be written.
 */
export async function drain(storage: JobStorage, workerId: string, concurrency: number): Promise<Drained> {
  const claims: number[] = [];
  const timed: JobStorage = {
    ...storage,
    claim: async (request) => {
      const started = performance.now();
      try {
        return await storage.claim(request);
      } finally {
        claims.push(performance.now() - started);
      }
    },
  };
  let handled = 0;
  const worker = new JobWorker(timed, { clock: systemClock, workerId, concurrency, pollMs: 20 });
  worker.register(NOOP, async () => {
    handled++;
  });
  const startedAt = Date.now();
  worker.start();
  // Done when nothing is left unclaimed and this worker has stopped taking any for a moment.
  for (let last = -1; ; ) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    if (handled === last && (await storage.nextDue(Date.now(), [NOOP])) === null) break;
    last = handled;
  }
  await worker.stop();
  return { handled, startedAt, finishedAt: Date.now(), claims };
}
