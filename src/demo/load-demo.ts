import { fitWorkspace, type SpendRow, type WorkspaceFit } from '../analytics/index.ts';
import { AppError, DAY, ManualClock } from '../core/index.ts';
import { Engine } from '../engine/index.ts';
import { type ParsedRow, runImport } from '../import/index.ts';
import type { Store } from '../storage/index.ts';
import type { Workspace } from '../workspaces/index.ts';
import type { DemoDay, Simulation } from './simulate.ts';

export type LoadOptions = {
  store: Store;
  workspace: Workspace;
  simulation: Simulation;
  /** The present the history ends at (the real clock's now). */
  now: number;
  /** Days ingested before the engine catches up and time moves on; 7 by default. */
  sliceDays?: number;
  /** Messages per ingest transaction; 5,000 by default. */
  batchSize?: number;
  onProgress?: (done: { days: number; of: number; events: number }) => void;
};

export type LoadReport = {
  events: number;
  stored: number;
  duplicates: number;
  rejected: number;
  spendRows: number;
  /** Wall time per phase: generating and ingesting, the lifecycle engine, the prediction fit. */
  seconds: { ingest: number; engine: number; predictions: number; total: number };
  /** Null when there were too few repeat buyers to fit (a tiny demo). */
  fit: WorkspaceFit | null;
  firstDay: number;
};

async function* rowsOf(messages: Record<string, unknown>[]): AsyncGenerator<ParsedRow> {
  for (const [i, message] of messages.entries()) yield { line: i + 1, message };
}

/**
 * Loads a simulated history the fast way: week by week through the bulk import path (validation,
 * touchpoint classification, identity resolution, one transaction per batch), each week followed by
 * the lifecycle engine catching up with the clock set to that week's end. Replaying time this way is
 * what makes the stage history real: customers lapse to at risk and churned when their timers fire and
 * are seen coming back (reactivated), as a live server would have seen them. Then the ad spend is in
 * place, the purchase models are fitted and every customer gets predicted CLV and P(alive).
 * The caller's store must not run its own engine (open it without `engine: true`).
 */
export async function loadDemo(o: LoadOptions): Promise<LoadReport> {
  const { store, workspace, simulation: sim } = o;
  const sliceDays = o.sliceDays ?? 7;
  const started = performance.now();
  const clock = new ManualClock(sim.firstDay * DAY);
  const engine = new Engine(store, clock);
  const report: LoadReport = {
    events: 0,
    stored: 0,
    duplicates: 0,
    rejected: 0,
    spendRows: 0,
    seconds: { ingest: 0, engine: 0, predictions: 0, total: 0 },
    fit: null,
    firstDay: sim.firstDay * DAY,
  };
  const timed = async <T>(phase: 'ingest' | 'engine' | 'predictions', work: () => Promise<T>) => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      report.seconds[phase] += (performance.now() - t0) / 1000;
    }
  };
  const span = sim.endDay - sim.firstDay;
  let slice: DemoDay[] = [];
  const flush = async () => {
    if (slice.length === 0) return;
    const messages = slice.flatMap((d) => d.messages);
    const spend: SpendRow[] = slice.flatMap((d) => d.spend);
    clock.set((slice.at(-1)!.day + 1) * DAY);
    const counts = await timed('ingest', async () => {
      if (spend.length) await store.analytics.putSpend(workspace.id, spend);
      return runImport({ store, workspace, clock, rows: rowsOf(messages), batchSize: o.batchSize ?? 5_000 });
    });
    report.events += counts.read;
    report.stored += counts.stored;
    report.duplicates += counts.duplicates;
    report.rejected += counts.rejected;
    report.spendRows += spend.length;
    await timed('engine', () => engine.runUntilIdle());
    o.onProgress?.({ days: slice.at(-1)!.day + 1 - sim.firstDay, of: span, events: report.events });
    slice = [];
  };
  for (const day of sim.days()) {
    slice.push(day);
    if (slice.length >= sliceDays) await flush();
  }
  await flush();
  clock.set(o.now);
  await timed('engine', () => engine.runUntilIdle());
  report.fit = await timed('predictions', async () => {
    try {
      return await fitWorkspace(store, workspace.id, {
        unit: 'weeks',
        event: 'Order Completed',
        now: o.now,
        store: true,
      });
    } catch (error) {
      // Too few repeat buyers to fit (a very small demo): the rest of the demo stands without predictions.
      if (error instanceof AppError) return null;
      throw error;
    }
  });
  // The fit restarts a recompute so that rules reading predictions see them.
  await timed('engine', () => engine.runUntilIdle());
  report.seconds.total = (performance.now() - started) / 1000;
  return report;
}
