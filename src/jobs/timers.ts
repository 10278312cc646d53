/**
 * How the worker waits: its poll and its heartbeats go through this, so tests fire them by hand instead
 * of sleeping. `set` returns a function that cancels the timer. The callback's promise (a heartbeat's
 * write) is what `ManualTimers.fire` waits for.
 */
export type Timers = { set(fn: () => unknown, ms: number): () => void };

/** Real timers that never keep the process alive on their own (the server's listener does). */
export const systemTimers: Timers = {
  set(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** Timers that only fire when a test says so. */
export class ManualTimers implements Timers {
  readonly #pending = new Map<number, { fn: () => unknown; ms: number }>();
  #next = 0;

  set(fn: () => unknown, ms: number): () => void {
    const id = ++this.#next;
    this.#pending.set(id, { fn, ms });
    return () => this.#pending.delete(id);
  }

  /** The delays of the timers waiting to fire, in the order they were set. */
  get pending(): number[] {
    return [...this.#pending.values()].map((t) => t.ms);
  }

  /** Fires every timer set so far (not those their callbacks set) and waits for what they started. */
  async fire(): Promise<number> {
    const due = [...this.#pending.values()];
    this.#pending.clear();
    await Promise.all(due.map((t) => t.fn()));
    return due.length;
  }
}
