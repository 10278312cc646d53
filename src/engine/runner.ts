import type { EngineSteps, StepSize } from './engine.ts';

export type RunnerOptions = {
  /** How often an idle runner looks for due timers, recomputes and configuration changes. */
  pollMs?: number;
  /** Keep the process alive for the runner's timer (a worker thread does; the main thread does not). */
  keepAlive?: boolean;
  /**
   * Asked before each step: true makes the runner wait (it tries again at its next poll or kick). The
   * ingest thread uses it to give accepting events priority over processing them during a flood.
   */
  paused?: () => boolean;
  /** Asked before each step: how much it may take on (the engine's own batches when undefined). */
  stepSize?: () => StepSize | undefined;
  onError?: (error: unknown) => void;
};

/**
 * Drives an engine: a step right after each ingest commit (`kick`), more steps while they find work,
 * and a poll for timers, recomputes and configuration changes when idle. The poll reads two indexed
 * rows; nothing scans the customers. Steps never overlap.
 */
export class EngineRunner {
  readonly #engine: EngineSteps;
  readonly #pollMs: number;
  readonly #keepAlive: boolean;
  readonly #onError: (error: unknown) => void;
  readonly #paused: () => boolean;
  readonly #stepSize: () => StepSize | undefined;
  #running: Promise<void> | null = null;
  #again = false;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(engine: EngineSteps, options: RunnerOptions = {}) {
    this.#engine = engine;
    this.#pollMs = options.pollMs ?? 250;
    this.#keepAlive = options.keepAlive ?? false;
    this.#onError = options.onError ?? ((error) => process.emitWarning(`lifecycle engine: ${String(error)}`));
    this.#paused = options.paused ?? (() => false);
    this.#stepSize = options.stepSize ?? (() => undefined);
  }

  start(): void {
    this.#stopped = false;
    this.kick();
  }

  /** Asks for a step as soon as the current one (if any) ends. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#running = this.#run().finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        this.kick();
      } else this.#schedule();
    });
  }

  async #run(): Promise<void> {
    try {
      for (;;) {
        if (this.#paused()) return;
        const r = await this.#engine.step(this.#stepSize());
        if (this.#stopped || r.idle) return;
        // Let queued ingest work in between steps when there is a backlog.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.#onError(error);
    }
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => this.kick(), this.#pollMs);
    if (!this.#keepAlive) this.#timer.unref();
  }

  /** Stops polling and waits for the step in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }
}
