type Waiting = { id: number; resolve: (done: boolean) => void; reject: (error: unknown) => void };

/**
 * Group commit for finished jobs: the ones that finish while a write is in flight (or in the same turn
 * of the event loop) are deleted by the next write together, one statement for all of them. On SQLite,
 * where every write transaction syncs, this is what lets short jobs run at thousands a second.
 */
export class CompletionBatch {
  readonly #write: (ids: number[]) => Promise<number[]>;
  #queue: Waiting[] = [];
  #busy = false;

  /** `write` deletes the jobs and returns the ids that were still the worker's. */
  constructor(write: (ids: number[]) => Promise<number[]>) {
    this.#write = write;
  }

  /** Resolves true once the job is deleted, false if it was no longer the worker's. */
  complete(id: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ id, resolve, reject });
      if (!this.#busy) {
        this.#busy = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      try {
        const done = new Set(await this.#write(batch.map((w) => w.id)));
        for (const w of batch) w.resolve(done.has(w.id));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.#busy = false;
  }
}
