import { Worker } from 'node:worker_threads';
import type { IngestOutcome } from '../../identity/index.ts';
import type { JsonObject, Message } from '../../ingest/message.ts';
import type { IngestGroup } from '../port.ts';

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

/**
 * Runs ingest transactions on a worker thread with its own SQLite connection. node:sqlite is
 * synchronous, so on the HTTP thread a commit would stop every request (health checks included) for
 * its duration; here the two threads overlap, and the event loop stays responsive.
 */
export class IngestThread {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, Waiter>();
  #next = 0;
  #failure: Error | null = null;

  constructor(file: string, options: object) {
    this.#worker = new Worker(new URL('./ingest-worker.ts', import.meta.url), {
      workerData: { file, options },
      // A small young generation: the thread's garbage is short-lived batch data, and a large nursery
      // would only raise the process's resident memory.
      resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 },
    });
    this.#worker.unref();
    this.#worker.on(
      'message',
      (reply: {
        id: number;
        outcomes?: IngestOutcome[];
        error?: { message: string; stack?: string; code?: string };
      }) => {
        const waiter = this.#waiting.get(reply.id);
        if (!waiter) return;
        this.#waiting.delete(reply.id);
        if (this.#waiting.size === 0) this.#worker.unref();
        if (reply.error) waiter.reject(Object.assign(new Error(reply.error.message), reply.error));
        else waiter.resolve(reply.outcomes!);
      },
    );
    const fail = (error: Error) => {
      this.#failure = error;
      for (const waiter of this.#waiting.values()) waiter.reject(error);
      this.#waiting.clear();
    };
    this.#worker.on('error', fail);
    this.#worker.on('exit', (code) => fail(new Error(`ingest thread exited with code ${code}`)));
  }

  ingest(groups: IngestGroup[], now: number): Promise<IngestOutcome[]> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#next++;
    if (this.#waiting.size === 0) this.#worker.ref();
    const slim = groups.map((g) => ({ ...g, messages: g.messages.map(forTransfer) }));
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ id, groups: slim, now });
    });
  }

  /** Waits for the transactions in flight, then closes the thread's connection. */
  async close(): Promise<void> {
    if (this.#failure) return;
    const exited = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.ref();
    this.#worker.postMessage('close');
    await exited;
  }
}
