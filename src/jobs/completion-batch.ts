import { GroupCommit } from '../core/index.ts';

/**
 * Group commit for finished jobs: the ones that finish while a delete is in flight (or in the same turn
 * of the event loop) are deleted by the next one together, one statement for all of them.
 */
export class CompletionBatch {
  readonly #deletes: GroupCommit<number, boolean>;

  /** `write` deletes the jobs and returns the ids that were still the worker's. */
  constructor(write: (ids: number[]) => Promise<number[]>) {
    this.#deletes = new GroupCommit(async (ids: number[]) => {
      const done = new Set(await write(ids));
      return ids.map((id) => done.has(id));
    });
  }

  /** Resolves true once the job is deleted, false if it was no longer the worker's. */
  complete(id: number): Promise<boolean> {
    return this.#deletes.run(id);
  }
}
