import { type Clock, systemClock } from '../core/index.ts';
import type { Simulation } from './simulate.ts';

export type LiveOptions = {
  /** The server's base URL, e.g. http://localhost:7300. */
  url: string;
  writeKey: string;
  /** Where events come from; each is sent stamped with the clock's now. */
  messages: Iterator<Record<string, unknown>>;
  /** Events per second (whole batches of rate/4 every quarter second). */
  rate: number;
  clock?: Clock;
  /** How to wait between batches; a test passes one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** Stop after this many events (default: never). */
  limit?: number;
  signal?: AbortSignal;
  onBatch?: (totals: LiveTotals) => void;
};

export type LiveTotals = { sent: number; stored: number; rejected: number; failedRequests: number };

const TICK_MS = 250;

/**
 * The simulation going on after its history: one simulated day after another, for as long as asked.
 * Days pass faster than real ones (a day's events take as long as the rate makes them take).
 */
export function* liveMessages(sim: Simulation): Generator<Record<string, unknown>> {
  for (let day = sim.endDay; ; day++) yield* sim.runDay(day).messages;
}

/**
 * Streams events through the public ingest API (POST /v1/batch with the write key, as an SDK does)
 * at a steady rate until the limit, the end of the messages, or the signal. Live events happen now:
 * each gets the clock's time, so stages, segments and the reports move while someone watches.
 * A failed request is counted and the stream goes on (the server may be restarting).
 */
export async function streamLive(o: LiveOptions): Promise<LiveTotals> {
  const clock = o.clock ?? systemClock;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const perTick = Math.max(1, Math.round((o.rate * TICK_MS) / 1000));
  const limit = o.limit ?? Number.POSITIVE_INFINITY;
  const totals: LiveTotals = { sent: 0, stored: 0, rejected: 0, failedRequests: 0 };
  const auth = `Basic ${Buffer.from(`${o.writeKey}:`).toString('base64')}`;
  while (!o.signal?.aborted && totals.sent < limit) {
    const started = clock.now();
    const batch: Record<string, unknown>[] = [];
    while (batch.length < Math.min(perTick, limit - totals.sent)) {
      const next = o.messages.next();
      if (next.done) break;
      batch.push({ ...next.value, timestamp: new Date(clock.now()).toISOString() });
    }
    if (batch.length === 0) break;
    totals.sent += batch.length;
    try {
      const response = await fetch(`${o.url}/v1/batch`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ batch }),
        signal: o.signal,
      });
      const body = (await response.json()) as { stored?: number; rejected?: unknown[] };
      if (!response.ok) totals.failedRequests++;
      totals.stored += body.stored ?? 0;
      totals.rejected += body.rejected?.length ?? 0;
    } catch (error) {
      if (o.signal?.aborted) break;
      totals.failedRequests++;
      if (totals.failedRequests === 1) process.emitWarning(`live demo: ${(error as Error).message}`);
    }
    o.onBatch?.(totals);
    await sleep(Math.max(0, TICK_MS - (clock.now() - started)));
  }
  return totals;
}
