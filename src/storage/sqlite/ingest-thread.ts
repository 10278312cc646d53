import { Worker } from 'node:worker_threads';
import type { JsonObject, Message } from '../../core/index.ts';
import type { IngestOutcome } from '../../identity/index.ts';
import type { IngestGroup } from '../../ingest/index.ts';
import { Checkpointer, walProgress } from './checkpointer.ts';

/**
 * A message as it crosses to the ingest thread: the payload travels as its JSON text (one string is far
 * cheaper to copy than a tree of objects); only the fields identity resolution reads stay as objects.
 */
function forTransfer(m: Message): Message {
  if (m.payloadJson === undefined) return m;
  const { traits, previousId } = m.payload;
  const payload: JsonObject = {};
  if (traits !== undefined) payload.traits = traits;
  if (previousId !== undefined) payload.previousId = previousId;
  return { ...m, payload };
}

type Waiter = { resolve: (outcomes: IngestOutcome[]) => void; reject: (error: Error) => void };
type Reply = {
  id: number;
  outcomes?: IngestOutcome[];
  error?: { message: string; stack?: string; code?: string };
};

/**
 * Runs ingest transactions on a worker thread with its own SQLite connection. node:sqlite is
 * synchronous, so on the HTTP thread a commit would stop every request (health checks included) for
 * its duration; here the two threads overlap, and the event loop stays responsive. WAL checkpoints run
 * on a third, small thread (`Checkpointer`). If the ingest thread dies, the transactions in flight fail
 * (their requests get a 500 and SDKs retry) and the next ingest starts a new thread.
 */
export class IngestThread {
  readonly #file: string;
  readonly #options: object;
  readonly #engine: boolean;
  readonly #checkpointer: Checkpointer;
  readonly #waiting = new Map<number, Waiter>();
  /**
   * Events waiting for the writer, shared with the thread (which reads them before each engine step)
   * without a message: a message would arrive only after the step it should prevent. [0]: held by the
   * HTTP thread's group commit; [1]: posted to the thread and not yet begun.
   */
  readonly #queued = new Int32Array(new SharedArrayBuffer(8));
  /** How far the checkpointer got, for the writer to restart the WAL (see `restartWal`). */
  readonly #walProgress = walProgress();
  #worker: Worker | null = null;
  #next = 0;
  #closing = false;

  /** With `engine`, the thread also runs the lifecycle engine, so it starts now and restarts if it dies. */
  constructor(file: string, options: object, engine = false) {
    this.#file = file;
    this.#options = options;
    this.#engine = engine;
    this.#checkpointer = new Checkpointer(file, { progress: this.#walProgress });
    if (engine) this.#worker = this.#spawn();
  }

  #spawn(): Worker {
    const worker = new Worker(new URL('./ingest-worker.ts', import.meta.url), {
      workerData: {
        file: this.#file,
        options: this.#options,
        engine: this.#engine,
        queued: this.#queued,
        walProgress: this.#walProgress,
      },
      // A small young generation: the thread's garbage is short-lived batch data, and a large nursery
      // would only raise the process's resident memory.
      resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 512 },
    });
    worker.on('message', (reply: Reply) => {
      const waiter = this.#waiting.get(reply.id);
      if (!waiter) return;
      this.#waiting.delete(reply.id);
      if (this.#waiting.size === 0) worker.unref();
      if (reply.error) waiter.reject(Object.assign(new Error(reply.error.message), reply.error));
      else waiter.resolve(reply.outcomes!);
    });
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = null;
      // What the dead thread had not begun will never begin there.
      Atomics.store(this.#queued, 1, 0);
      for (const waiter of this.#waiting.values()) waiter.reject(error);
      this.#waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      fail(new Error(`ingest thread exited with code ${code}`));
      if (this.#engine && !this.#closing) {
        setTimeout(() => {
          if (!this.#closing) this.#worker ??= this.#spawn();
        }, 1000).unref();
      }
    });
    if (this.#engine) worker.unref();
    return worker;
  }

  ingest(groups: IngestGroup[], now: number): Promise<IngestOutcome[]> {
    if (this.#closing) return Promise.reject(new Error('the store is closing'));
    this.#worker ??= this.#spawn();
    const worker = this.#worker;
    const id = this.#next++;
    if (this.#waiting.size === 0) worker.ref();
    const slim = groups.map((g) => ({ ...g, messages: g.messages.map(forTransfer) }));
    const events = groups.reduce((n, g) => n + g.messages.length, 0);
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      Atomics.add(this.#queued, 1, events);
      worker.postMessage({ id, groups: slim, now, events });
    });
  }

  /** Tells the thread how many events wait for it. */
  setWaiting(events: number): void {
    Atomics.store(this.#queued, 0, events);
  }

  /** Waits for the transactions in flight, then closes the threads' connections. */
  async close(): Promise<void> {
    this.#closing = true;
    const worker = this.#worker;
    if (worker) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref();
      worker.postMessage('close');
      await exited;
    }
    await this.#checkpointer.close();
  }
}
