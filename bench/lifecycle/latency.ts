/**
 * bench/lifecycle latency: how soon after an event's HTTP 200 its customer's new stage can be read
 * through the admin API, while the server takes a steady 5,000 events/s (BENCH_RATE) of other traffic.
 * The real server runs in a child process (`loopline start`, SQLite, the engine on its writer thread).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rssMb, SECRET_KEY, startServer, stopServer, WRITE_KEY } from '../ingest/server-process.ts';
import { machine, writeSection } from '../results.ts';

const RATE = Number(process.env.BENCH_RATE ?? 5000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const BATCH = 50;
const basic = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;
const bearer = `Bearer ${SECRET_KEY}`;

const dir = mkdtempSync(path.join(tmpdir(), 'loopline-bench-latency-'));
const { url, child } = await startServer({ LOOPLINE_DB: path.join(dir, 'bench.db') });
let sent = 0;
let errors = 0;
let peakRss = 0;
try {
  const started = performance.now();
  const end = started + SECONDS * 1000;
  // Background traffic: batches on a fixed schedule (open loop), people from a pool of 50,000.
  const background = (async () => {
    const inFlight = new Set<Promise<void>>();
    for (let tick = 0; performance.now() < end; tick++) {
      const due = started + (tick * BATCH * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const batch = Array.from({ length: BATCH }, (_, i) => {
        const n = (tick * BATCH + i) % 50_000;
        return {
          type: 'track',
          userId: `bg-${n}`,
          event: i % 10 === 0 ? 'Order Completed' : 'Product Viewed',
          properties: { revenue: 20 },
        };
      });
      const p = fetch(`${url}/v1/batch`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/json' },
        body: JSON.stringify({ batch }),
      })
        .then(async (r) => {
          await r.arrayBuffer();
          if (r.ok) sent += BATCH;
          else errors++;
        })
        .catch(() => {
          errors++;
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (tick % 100 === 0) peakRss = Math.max(peakRss, rssMb(child.pid!));
    }
    await Promise.all(inFlight);
  })();

  // Probes: a new customer's first order; then read their stage until it shows.
  const latencies: number[] = [];
  await new Promise((r) => setTimeout(r, 2000));
  for (let n = 0; performance.now() < end - 1000; n++) {
    const userId = `probe-${n}`;
    const res = await fetch(`${url}/v1/track`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify({ userId, event: 'Order Completed', properties: { revenue: 50 } }),
    });
    await res.arrayBuffer();
    if (!res.ok) {
      errors++;
      continue;
    }
    const acked = performance.now();
    for (;;) {
      const r = await fetch(`${url}/api/v1/customers?userId=${userId}`, {
        headers: { authorization: bearer },
      });
      const body = (await r.json()) as { items: { stage?: { key: string } | null }[] };
      if (body.items[0]?.stage?.key === 'conversion') break;
      if (performance.now() - acked > 10_000) throw new Error(`${userId} never reached conversion`);
    }
    latencies.push(performance.now() - acked);
    await new Promise((r) => setTimeout(r, 50));
  }
  await background;
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
  const markdown = `## Lifecycle: from HTTP 200 to the new stage (bench/lifecycle/latency.ts)

\`npm run bench:lifecycle:latency\` on 2 cores, ${machine()}, ${new Date().toISOString().slice(0, 10)}. The server
(\`loopline start\`, SQLite, clm-5 model, the engine on the writer thread) takes ${RATE.toLocaleString('en-US')} events/s of
background traffic (/v1/batch of ${BATCH}, open loop) from a second process; meanwhile a probe sends a new
customer's first order to /v1/track and, from its 200, reads \`GET /api/v1/customers?userId=\` until the
stage shows Conversion.

| background ev/s achieved | probes | p50 ms | p95 ms | p99 ms | max ms | errors | server peak RSS MB |
|---|---|---|---|---|---|---|---|
| ${Math.round(sent / seconds).toLocaleString('en-US')} | ${latencies.length} | ${at(0.5)} | ${at(0.95)} | ${at(0.99)} | ${latencies.at(-1)!.toFixed(1)} | ${errors} | ${Math.round(peakRss)} |

Target: p99 under 50 ms at 5,000 events/s.`;
  writeSection('lifecycle-latency', markdown);
  console.log(markdown);
} finally {
  await stopServer(child);
  rmSync(dir, { recursive: true, force: true });
}
