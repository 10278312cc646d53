import type { StepSize } from '../../engine/index.ts';

/**
 * An engine step while requests come in: a request that arrives during a step waits for it to end, and
 * a step of 5,000 events took 150–350 ms; one of 500 takes a tenth of that (at 12,000 ev/s on the
 * server the p99 fell from 367 to 78–99 ms; bench/ingest's workload), and one of 250 half as long again
 * (at 20,000–22,000 ev/s the p99 fell from 112–140 ms to 62–85 ms, throughput unchanged).
 */
export const STEP_BESIDE_INGEST: StepSize = { events: 250, customers: 100 };

export type FloodGateOptions = {
  /** Events the HTTP thread holds waiting for the writer right now. */
  waiting: () => number;
  now: () => number;
  /** During a flood the engine still steps once per this many ms. */
  stepEveryMs?: number;
  /** Share of the writer's time spent on ingest over the last window that makes a flood. */
  busyShare?: number;
  windowMs?: number;
};

/**
 * When the lifecycle engine may take a step on the SQLite writer thread, which it shares with ingest.
 * Accepting events comes first: during a flood the engine steps once per `stepEveryMs` (a step takes
 * up to 5,000 events) and catches up when the flood has passed, so stages lag by seconds while clients
 * get their 200s at the writer's full speed. A flood is requests waiting right now (a step would make
 * them wait longer: at 11,800 ev/s the p99 fell from 84 to 80 ms and throughput rose), or ingest having
 * taken at least `busyShare` of the writer's last window (with a few clients that each wait for their
 * answer the queue is empty between transactions, yet the writer is saturated all the same). Below
 * that the engine steps in the writer's idle moments and keeps pace with the events as they come.
 */
export class FloodGate {
  readonly #waiting: () => number;
  readonly #now: () => number;
  readonly #stepEveryMs: number;
  readonly #busyShare: number;
  readonly #windowMs: number;
  #windowStart: number;
  #busyMs = 0;
  #lastShare = 0;
  #lastFloodStep = Number.NEGATIVE_INFINITY;

  constructor(options: FloodGateOptions) {
    this.#waiting = options.waiting;
    this.#now = options.now;
    this.#stepEveryMs = options.stepEveryMs ?? 1000;
    this.#busyShare = options.busyShare ?? 0.75;
    this.#windowMs = options.windowMs ?? 1000;
    this.#windowStart = this.#now();
  }

  /** An ingest transaction took `ms` of the writer's time, ending now. */
  ingested(ms: number): void {
    this.#roll();
    this.#busyMs += ms;
  }

  /** True when ingest is flooding the writer now. */
  flooded(): boolean {
    this.#roll();
    return this.#waiting() > 0 || this.#lastShare >= this.#busyShare;
  }

  /**
   * How much the engine's next step may take on: small while ingest is about (requests waiting, or
   * ingest in the writer's current or last window), so no request waits long behind a step; the
   * engine's own batches when ingest is quiet, to catch up in fewer, cheaper steps.
   */
  stepSize(): StepSize | undefined {
    this.#roll();
    return this.#waiting() > 0 || this.#busyMs > 0 || this.#lastShare > 0 ? STEP_BESIDE_INGEST : undefined;
  }

  /** True when the engine should not step now. */
  paused(): boolean {
    if (!this.flooded()) return false;
    const now = this.#now();
    if (now - this.#lastFloodStep < this.#stepEveryMs) return true;
    this.#lastFloodStep = now;
    return false;
  }

  #roll(): void {
    const now = this.#now();
    const elapsed = now - this.#windowStart;
    if (elapsed < this.#windowMs) return;
    // A window with no ingest at all (or several) leaves a share of zero behind.
    this.#lastShare = elapsed < 2 * this.#windowMs ? this.#busyMs / elapsed : 0;
    this.#busyMs = 0;
    this.#windowStart = now;
  }
}
