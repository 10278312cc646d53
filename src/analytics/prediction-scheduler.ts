import { type Clock, HOUR } from '../core/index.ts';
import type { AnalyticsSources } from './analytics-store.ts';
import { type AnalyticsSettingsOverrides, analyticsSettings } from './kpis/index.ts';
import { fitWorkspace } from './predictions.ts';

/** The reads the scheduler walks: every workspace with its analytics settings, and what a fit reads. */
export type SchedulerSources = AnalyticsSources & {
  readonly workspaces: {
    list(): Promise<{ id: number; settings: { analytics?: AnalyticsSettingsOverrides } }[]>;
  };
};

export type SchedulerOptions = {
  /** How old a workspace's latest fit may get before it is fitted again. */
  intervalMs: number;
  /** How often the server looks for workspaces due (default an hour; each look reads one row per workspace). */
  checkMs?: number;
  onError?: (workspaceId: number, error: unknown) => void;
};

/**
 * Refits the prediction models of every workspace whose latest fit is older than the interval, one
 * workspace at a time, and stores the new predictions (see `fitWorkspace`). A workspace whose fit fails
 * (no repeat purchases yet, say) is tried again only after another interval.
 */
export class PredictionScheduler {
  readonly #store: SchedulerSources;
  readonly #clock: Clock;
  readonly #options: SchedulerOptions;
  readonly #failedAt = new Map<number, number>();
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number[]> | null = null;

  constructor(store: SchedulerSources, clock: Clock, options: SchedulerOptions) {
    this.#store = store;
    this.#clock = clock;
    this.#options = options;
  }

  /** Fits the workspaces that are due now; returns their ids. Never runs twice at once. */
  runDue(): Promise<number[]> {
    this.#running ??= this.#run().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #run(): Promise<number[]> {
    const fitted: number[] = [];
    for (const ws of await this.#store.workspaces.list()) {
      const now = this.#clock.now();
      const last = (await this.#store.analytics.latestFit(ws.id))?.fittedAt ?? -Infinity;
      const failed = this.#failedAt.get(ws.id) ?? -Infinity;
      if (now - Math.max(last, failed) < this.#options.intervalMs) continue;
      try {
        const settings = analyticsSettings(ws.settings.analytics);
        await fitWorkspace(this.#store, ws.id, {
          unit: 'days',
          event: settings.purchaseEvent,
          now,
          store: true,
        });
        this.#failedAt.delete(ws.id);
        fitted.push(ws.id);
      } catch (error) {
        this.#failedAt.set(ws.id, now);
        this.#options.onError?.(ws.id, error);
      }
    }
    return fitted;
  }

  start(): void {
    const tick = () => {
      this.runDue().catch((error) => this.#options.onError?.(0, error));
    };
    this.#timer = setInterval(tick, this.#options.checkMs ?? HOUR);
    this.#timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => undefined);
  }
}
