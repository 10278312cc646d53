type Waiting<I, O> = { item: I; resolve: (out: O) => void; reject: (error: unknown) => void };

/**
 * Group commit: the items handed in while a write is in flight (or in the same turn of the event loop)
 * go to the next write together, at most `maxBatch` at a time, one write in flight. On SQLite, where
 * every write transaction syncs, this is what lets short units of work run at thousands a second.
 * `write` answers each item in order; when it throws, every item of that write is rejected.
 *
 * @example const deletes = new GroupCommit((ids: number[]) => deleteRows(ids)); await deletes.run(7);
 */
export class GroupCommit<I, O> {
  readonly #write: (items: I[]) => Promise<O[]>;
  readonly #maxBatch: number;
  #queue: Waiting<I, O>[] = [];
  #busy = false;

  constructor(write: (items: I[]) => Promise<O[]>, options: { maxBatch?: number } = {}) {
    this.#write = write;
    this.#maxBatch = options.maxBatch ?? Number.POSITIVE_INFINITY;
  }

  run(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (!this.#busy) {
        this.#busy = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      try {
        const out = await this.#write(batch.map((w) => w.item));
        batch.forEach((w, i) => {
          w.resolve(out[i]!);
        });
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.#busy = false;
  }
}
