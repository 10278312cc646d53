import http from 'node:http';
import { WRITE_KEY } from './server-process.ts';
import type { Workload } from './workload.ts';

const auth = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;

export type LoadResult = {
  events: number;
  seconds: number;
  latenciesMs: number[];
  errors: number;
  throttled: number;
};

// node:http with keep-alive rather than fetch: the load generator shares the machine's two cores with
// the server, and a lighter client leaves more of them to what is measured.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, body: string): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: hostname,
        port,
        path: '/v1/batch',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          authorization: auth,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Closed loop: `clients` concurrent senders, each posting its next batch as soon as the last is answered. */
export async function closedLoop(
  url: string,
  workload: Workload,
  opts: { clients: number; batch: number; events: number; onProgress?: (sent: number) => void },
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let sent = 0;
  let errors = 0;
  let throttled = 0;
  const started = performance.now();
  const client = async () => {
    while (sent < opts.events) {
      sent += opts.batch;
      const body = workload.batchBody(opts.batch);
      const t = performance.now();
      const status = await post(url, body);
      latenciesMs.push(performance.now() - t);
      if (status === 429) throttled++;
      else if (status !== 200) errors++;
      opts.onProgress?.(sent);
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, client));
  return { events: sent, seconds: (performance.now() - started) / 1000, latenciesMs, errors, throttled };
}

/** Open loop at a fixed rate: requests start on schedule whether or not earlier ones finished. */
export async function openLoop(
  url: string,
  workload: Workload,
  opts: { eventsPerSecond: number; batch: number; seconds: number },
): Promise<LoadResult> {
  const interval = (opts.batch / opts.eventsPerSecond) * 1000;
  const total = Math.floor((opts.seconds * 1000) / interval);
  const bodies = Array.from({ length: Math.min(total, 50) }, () => workload.batchBody(opts.batch));
  const latenciesMs: number[] = [];
  let errors = 0;
  let throttled = 0;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // Fresh message ids for every request: a replay would be a cheap duplicate, not a real insert.
    const body = i < bodies.length ? bodies[i] : workload.batchBody(opts.batch);
    const t = performance.now();
    inflight.push(
      post(url, body).then((status) => {
        latenciesMs.push(performance.now() - t);
        if (status === 429) throttled++;
        else if (status !== 200) errors++;
      }),
    );
  }
  await Promise.all(inflight);
  return {
    events: total * opts.batch,
    seconds: (performance.now() - started) / 1000,
    latenciesMs,
    errors,
    throttled,
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
