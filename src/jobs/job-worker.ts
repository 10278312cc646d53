import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../core/index.ts';
import { CompletionBatch } from './completion-batch.ts';
import { DEFAULT_BACKOFF, DEFAULT_LEASE_MS } from './defaults.ts';
import { describeError } from './describe-error.ts';
import type { JobStorage } from './job-storage.ts';
import { type JobHandler, type JobRun, type RunContext, runJob } from './run-job.ts';
import { systemTimers, type Timers } from './timers.ts';
import type { Backoff, Job } from './types.ts';
import { checkKind, checkWorkerId } from './validate.ts';

export type WorkerOptions = {
  clock: Clock;
  /** Unique among the workers on one database (default host, pid and a random suffix). */
  workerId?: string;
  /** Most jobs running at once (default 8). */
  concurrency?: number;
  leaseMs?: number;
  /** Longest wait between looks for due jobs when idle (default 1 s): how soon it sees others' jobs. */
  pollMs?: number;
  timers?: Timers;
  /** A handler's failure (with its job) or a failed read or write of the jobs table (job null). */
  onError?: (error: unknown, job: Job | null) => void;
};

/** The shortest idle wait, so that a job another worker is claiming right now does not make a busy loop. */
const MIN_WAIT_MS = 25;

/**
 * Runs the jobs of the kinds registered on it: claims due jobs into its free slots, runs them, extends
 * the leases of long runs, and completes (in batches), reschedules or fails them. Several workers, in
 * one process or many, share a jobs table; each job runs on one of them at a time, at least once.
 *
 * @example
 * const worker = new JobWorker(store.jobs, { clock: systemClock });
 * worker.register('predict.fit', async (job) => { await fit(job.workspaceId); return { rerunAt: next } });
 * worker.start(); // ... await worker.stop();
 */
export class JobWorker {
  readonly id: string;
  readonly #storage: JobStorage;
  readonly #clock: Clock;
  readonly #timers: Timers;
  readonly #concurrency: number;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #onError: (error: unknown, job: Job | null) => void;
  readonly #handlers = new Map<string, { handler: JobHandler; backoff: Backoff }>();
  /** The jobs whose handlers are running, each with a promise of its handler being done. */
  readonly #running = new Map<number, Promise<void>>();
  /** Every run until its outcome is written, for `stop` to wait on. */
  readonly #settling = new Set<Promise<JobRun>>();
  readonly #context: RunContext;
  #loop: Promise<void> | null = null;
  #stopping = false;
  #wake: (() => void) | null = null;
  /** Set by `wake` while the loop is not asleep (claiming, say), so that the wake-up is not lost. */
  #woken = false;
  #cancelBeat: (() => void) | null = null;

  constructor(storage: JobStorage, options: WorkerOptions) {
    this.#storage = storage;
    this.#clock = options.clock;
    this.id = checkWorkerId(
      options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    );
    this.#timers = options.timers ?? systemTimers;
    this.#concurrency = positive('concurrency', options.concurrency ?? 8);
    this.#leaseMs = positive('leaseMs', options.leaseMs ?? DEFAULT_LEASE_MS);
    this.#pollMs = positive('pollMs', options.pollMs ?? 1000);
    const report = options.onError ?? ((error) => process.emitWarning(`job worker: ${describeError(error)}`));
    // A reporter that throws must not leave a job's outcome unwritten.
    this.#onError = (error, job) => {
      try {
        report(error, job);
      } catch {}
    };
    this.#context = {
      storage,
      workerId: this.id,
      clock: this.#clock,
      completions: new CompletionBatch((ids) => storage.complete(this.id, ids)),
      onError: this.#onError,
    };
  }

  /** Runs jobs of `kind` with `handler`; retries a failed attempt after `backoff` (default 10 s doubling to 1 h). */
  register(kind: string, handler: JobHandler, options: { backoff?: Backoff } = {}): void {
    checkKind(kind);
    if (this.#loop) throw new Error(`register ${kind} before the worker starts`);
    if (this.#handlers.has(kind)) throw new Error(`a handler for ${kind} is already registered`);
    this.#handlers.set(kind, { handler, backoff: options.backoff ?? DEFAULT_BACKOFF });
  }

  /** The kinds this worker runs; it claims no others. */
  get kinds(): string[] {
    return [...this.#handlers.keys()];
  }

  /**
   * One pass, for tests and commands: runs every job due now (and any its handlers make due) until none
   * is left and none is running. Not while the worker is started.
   */
  async runDue(): Promise<JobRun[]> {
    if (this.#loop) throw new Error('runDue is for a worker that is not started');
    const runs: Promise<JobRun>[] = [];
    for (;;) {
      const free = this.#free();
      const claimed = free > 0 ? await this.#claim(free) : [];
      runs.push(...claimed);
      if (free > 0 && claimed.length === 0 && this.#running.size === 0) break;
      await Promise.race([...this.#running.values(), ...this.#settling]);
    }
    return Promise.all(runs);
  }

  /** Starts claiming and running jobs in the background until `stop`. */
  start(): void {
    if (this.#loop) throw new Error('the worker is already started');
    if (this.#handlers.size === 0) throw new Error('register a handler before starting the worker');
    this.#stopping = false;
    this.#loop = this.#run();
  }

  /** Looks for due jobs now rather than at the next poll: after enqueuing a job due at once, say. */
  wake(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /** Stops claiming, waits for the running handlers and for their outcomes to be written. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.wake();
    await this.#loop;
    this.#loop = null;
    await Promise.allSettled(this.#settling);
    this.#cancelBeat?.();
    this.#cancelBeat = null;
  }

  /** Extends the leases of the jobs running here; returns the ids still held. The heartbeat timer calls it. */
  heartbeat(): Promise<number[]> {
    const ids = [...this.#running.keys()];
    if (ids.length === 0) return Promise.resolve([]);
    return this.#storage.heartbeat(
      { workerId: this.id, now: this.#clock.now(), leaseMs: this.#leaseMs },
      ids,
    );
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      this.#woken = false;
      // Let timers (heartbeats) and the completions' writes in: on SQLite a claim is all microtasks.
      await new Promise((resolve) => setImmediate(resolve));
      const free = this.#free();
      // Full: wait for a slot (a finishing handler or write wakes the loop).
      let wait: number | null = null;
      if (free > 0) {
        try {
          const claimed = await this.#claim(free);
          if (claimed.length === free) continue;
          const next = await this.#storage.nextDue(this.#clock.now(), this.kinds);
          const until = next === null ? this.#pollMs : next - this.#clock.now();
          wait = Math.min(this.#pollMs, Math.max(MIN_WAIT_MS, until));
        } catch (error) {
          this.#onError(error, null);
          wait = this.#pollMs;
        }
      }
      if (!this.#stopping && !this.#woken) await this.#sleep(wait);
    }
  }

  #sleep(ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      let cancel: (() => void) | null = null;
      const done = () => {
        cancel?.();
        if (this.#wake === done) this.#wake = null;
        resolve();
      };
      this.#wake = done;
      if (ms !== null) cancel = this.#timers.set(done, ms);
    });
  }

  /**
   * How many jobs it may claim now: a slot frees when a handler is done, so the next claim need not wait
   * for the last outcomes' writes, but at most twice `concurrency` runs are in hand, running or waiting
   * for their writes (unbounded, an SQLite claim loop made only of microtasks starved those writes).
   */
  #free(): number {
    return Math.max(
      0,
      Math.min(this.#concurrency - this.#running.size, 2 * this.#concurrency - this.#settling.size),
    );
  }

  /** Claims up to `free` jobs and starts them; returns their runs. */
  async #claim(free: number): Promise<Promise<JobRun>[]> {
    const jobs = await this.#storage.claim({
      workerId: this.id,
      now: this.#clock.now(),
      leaseMs: this.#leaseMs,
      limit: free,
      kinds: this.kinds,
    });
    return jobs.map((job) => this.#launch(job));
  }

  #launch(job: Job): Promise<JobRun> {
    const { handler, backoff } = this.#handlers.get(job.kind)!;
    let handled = () => {};
    this.#running.set(
      job.id,
      new Promise((resolve) => {
        handled = resolve;
      }),
    );
    const run = runJob(job, handler, backoff, this.#context, () => {
      this.#running.delete(job.id);
      handled();
      this.wake();
    });
    this.#settling.add(run);
    void run.then(() => {
      this.#settling.delete(run);
      this.wake();
    });
    this.#cancelBeat ??= this.#scheduleBeat();
    return run;
  }

  async #beat(): Promise<void> {
    this.#cancelBeat = null;
    try {
      await this.heartbeat();
    } catch (error) {
      this.#onError(error, null);
    }
    if (this.#running.size > 0) this.#cancelBeat ??= this.#scheduleBeat();
  }

  /** The next heartbeat, a third of a lease from now: a run keeps its job through one missed beat. */
  #scheduleBeat(): () => void {
    return this.#timers.set(() => this.#beat(), Math.max(1, Math.floor(this.#leaseMs / 3)));
  }
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${value}`);
  return value;
}
