import { AppError, type Clock, type Message } from '../core/index.ts';
import type { IdentitySettings, IngestOutcome } from '../identity/index.ts';
import type { IngestStorage } from './ingest-store.ts';

type Pending = {
  workspaceId: number;
  messages: Message[];
  settings: IdentitySettings;
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
};

export type WriterStats = { queuedEvents: number; flushes: number; lastFlushEvents: number };

export type WriterHooks = {
  onFlush?: (events: number, groups: number, seconds: number) => void;
  onError?: (error: unknown) => void;
  /**
   * Each change of the number of events waiting behind the transactions in flight (the SQLite writer
   * thread uses it to put accepting events before its engine steps while a flood lasts).
   */
  onWaiting?: (events: number) => void;
};

export type WriterOptions = {
  /** Most events waiting before `submit` refuses with 429. */
  queueMax: number;
  /** Most events in one transaction. */
  batchMax: number;
  /** How many transactions the store takes at once, committing them in order (default 1). */
  pipeline?: number;
  hooks?: WriterHooks;
};

/**
 * Group commit: requests that arrive while a transaction is being written wait together and are
 * committed in the next single transaction, so throughput holds under many small requests. A request's
 * promise resolves only after its messages are committed. The queue is bounded: past `queueMax` waiting
 * events, `submit` refuses with 429 instead of letting memory grow.
 */
export class IngestWriter {
  readonly #store: IngestStorage;
  readonly #pipeline: number;
  readonly #clock: Clock;
  readonly #queueMax: number;
  readonly #batchMax: number;
  readonly #hooks: WriterHooks;
  #queue: Pending[] = [];
  #queued = 0;
  /** Events queued and not yet taken into a transaction. */
  #waiting = 0;
  /** Transactions handed to the store and not yet answered. */
  #inFlight = 0;
  #scheduled = false;
  #idle: (() => void)[] = [];
  #closed = false;
  readonly stats: WriterStats = { queuedEvents: 0, flushes: 0, lastFlushEvents: 0 };

  constructor(store: IngestStorage, clock: Clock, options: WriterOptions) {
    this.#store = store;
    this.#pipeline = options.pipeline ?? 1;
    this.#clock = clock;
    this.#queueMax = options.queueMax;
    this.#batchMax = options.batchMax;
    this.#hooks = options.hooks ?? {};
  }

  get queuedEvents(): number {
    return this.#queued;
  }

  /** Queues messages for the next commit; resolves once they are durable. */
  submit(workspaceId: number, messages: Message[], settings: IdentitySettings): Promise<IngestOutcome> {
    if (this.#closed) return Promise.reject(new AppError('unavailable', 'the server is shutting down'));
    if (messages.length === 0) return Promise.resolve({ inserted: 0, duplicates: 0 });
    if (this.#queued > 0 && this.#queued + messages.length > this.#queueMax) {
      return Promise.reject(new AppError('too_many_requests', 'ingest queue is full; retry shortly'));
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ workspaceId, messages, settings, resolve, reject });
      this.#queued += messages.length;
      this.#waiting += messages.length;
      this.#hooks.onWaiting?.(this.#waiting);
      this.stats.queuedEvents = this.#queued;
      this.#schedule();
    });
  }

  /**
   * Starts the next transaction when the store takes another: one at a time, or as many as the store's
   * `ingestPipeline` says it queues itself (the SQLite writer thread: the next transaction is already
   * there when the last commits, rather than a round trip between the threads later).
   */
  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= this.#pipeline) return;
    this.#scheduled = true;
    // setImmediate lets the requests already read from sockets join this transaction.
    setImmediate(() => {
      this.#scheduled = false;
      this.#startNext();
    });
  }

  #startNext(): void {
    if (this.#queue.length === 0 || this.#inFlight >= this.#pipeline) return;
    const batch: Pending[] = [];
    let events = 0;
    while (
      this.#queue.length &&
      (batch.length === 0 || events + this.#queue[0].messages.length <= this.#batchMax)
    ) {
      const next = this.#queue.shift()!;
      batch.push(next);
      events += next.messages.length;
    }
    this.#waiting -= events;
    this.#hooks.onWaiting?.(this.#waiting);
    this.#inFlight++;
    void this.#commit(batch, events).finally(() => {
      this.#inFlight--;
      if (this.#queue.length) this.#schedule();
      else if (this.#inFlight === 0) for (const done of this.#idle.splice(0)) done();
    });
    if (this.#queue.length) this.#schedule();
  }

  async #commit(batch: Pending[], events: number): Promise<void> {
    const started = performance.now();
    try {
      const outcomes = await this.#store.commit(
        batch.map((p) => ({ workspaceId: p.workspaceId, messages: p.messages, settings: p.settings })),
        this.#clock.now(),
      );
      batch.forEach((p, i) => {
        p.resolve(outcomes[i]);
      });
      this.#flushed(events, batch.length, started);
    } catch (error) {
      this.#hooks.onError?.(error);
      if (batch.length === 1) batch[0].reject(error);
      // One request's failure must not fail the others that shared its transaction: retry them alone.
      else for (const p of batch) await this.#commitAlone(p);
    } finally {
      this.#queued -= events;
      this.stats.queuedEvents = this.#queued;
    }
  }

  async #commitAlone(p: Pending): Promise<void> {
    const started = performance.now();
    try {
      const [outcome] = await this.#store.commit(
        [{ workspaceId: p.workspaceId, messages: p.messages, settings: p.settings }],
        this.#clock.now(),
      );
      p.resolve(outcome);
      this.#flushed(p.messages.length, 1, started);
    } catch (error) {
      p.reject(error);
    }
  }

  /** Counts a committed transaction (a failed one is no flush: it reaches `onError` instead). */
  #flushed(events: number, groups: number, started: number): void {
    this.stats.flushes++;
    this.stats.lastFlushEvents = events;
    try {
      this.#hooks.onFlush?.(events, groups, (performance.now() - started) / 1000);
    } catch {
      // A metrics hook must never break ingest.
    }
  }

  /** Stops taking new messages and waits until everything queued is committed. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#queue.length === 0 && this.#inFlight === 0) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }
}
