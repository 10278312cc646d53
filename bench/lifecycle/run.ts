/**
 * bench/lifecycle: the lifecycle engine on SQLite with 1,000,000 customers and 10,000,000 events
 * (BENCH_CUSTOMERS, BENCH_EVENTS to change). Measures, in one run: the bulk load; the first full
 * compute (features rebuilt from the log for every customer); a recompute after a model change that
 * keeps the features (thresholds) and one that needs new features (another preset); the cost of
 * evaluating one customer for one new event (p50, p99); the engine's throughput on new events; the
 * throughput of time-driven moves when many windows expire at once; and the process's peak RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DAY, ManualClock } from '../../src/core/index.ts';
import { Engine, type EngineSteps, evaluateCustomer, WorkspaceRuntime } from '../../src/engine/index.ts';
import { DEFAULT_IDENTITY_SETTINGS } from '../../src/identity/index.ts';
import { loadPreset } from '../../src/lifecycle/index.ts';
import { SqliteStore } from '../../src/storage/index.ts';
import { Checkpointer } from '../../src/storage/sqlite/checkpointer.ts';
import { WRITER_CACHE_MB } from '../../src/storage/sqlite/ingest-worker-settings.ts';
import { machine, writeSection } from '../results.ts';
import { generate, random } from './generate.ts';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const NOW = Date.parse('2026-06-01T00:00:00Z');

let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Steps the engine until idle, sampling RSS between steps; returns seconds, customers and moves. */
async function drain(engine: EngineSteps) {
  const started = performance.now();
  const total = { events: 0, due: 0, recomputed: 0, moves: 0 };
  for (let i = 0; ; i++) {
    const r = await engine.step();
    total.events += r.events;
    total.due += r.due;
    total.recomputed += r.recomputed;
    total.moves += r.moves;
    sampleRss();
    if (i % 50 === 0) {
      const s = (performance.now() - started) / 1000;
      log(
        `  … ${fmt(total.recomputed + total.due)} customers, ${fmt(total.events)} events, ${s.toFixed(1)} s`,
      );
    }
    if (r.idle) break;
  }
  return { seconds: (performance.now() - started) / 1000, ...total };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const dir = mkdtempSync(path.join(tmpdir(), 'loopline-bench-lifecycle-'));
// Opened as the server's writer thread opens its connection (see storage/sqlite/ingest-worker.ts), with
// WAL checkpoints on their own thread as the server runs them.
const file = path.join(dir, 'bench.db');
const store = new SqliteStore(file, {
  synchronous: 'NORMAL',
  cacheMb: Number(process.env.BENCH_CACHE_MB ?? WRITER_CACHE_MB),
  walAutocheckpointPages: 100_000,
});
let checkpointer: Checkpointer | null = null;
try {
  await store.migrate();
  const ws = await store.workspaces.create('bench', { identity: DEFAULT_IDENTITY_SETTINGS }, NOW);
  log(`loading ${fmt(CUSTOMERS)} customers and ${fmt(EVENTS)} events…`);
  const load = generate(store, ws.id, CUSTOMERS, EVENTS, NOW);
  sampleRss();
  log(`  ${fmt(load.events)} events in ${load.seconds.toFixed(1)} s`);
  // A bulk load leaves the log to the recompute: the engine starts past it. Then the server's way of
  // running: the WAL emptied once, checkpoints on their own thread from here on.
  store.db.exec("UPDATE engine_cursor SET value = (SELECT max(id) FROM events) WHERE name = 'events'");
  store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  checkpointer = new Checkpointer(file, {});

  const clock = new ManualClock(NOW);
  const engine = new Engine(store, clock);
  const clm = loadPreset('clm-5');
  log('first compute (clm-5, features rebuilt from the log)…');
  await store.engine.publishModel(ws.id, clm, clock.now());
  const first = await drain(engine);

  log('recompute after a threshold change (features kept)…');
  const stricter = structuredClone(clm);
  const retention = stricter.stages.find((s) => s.key === 'retention')!;
  if (retention.rule.kind === 'performed') retention.rule.count = { op: 'atLeast', n: 3 };
  await store.engine.publishModel(ws.id, stricter, clock.now());
  const thresholds = await drain(engine);

  log('recompute after a change of preset (reach-loyalty: new features, rebuilt from the log)…');
  await store.engine.publishModel(ws.id, loadPreset('reach-loyalty'), clock.now());
  const preset = await drain(engine);

  log('per-event evaluation cost…');
  const active = await store.engine.getModel(ws.id);
  const runtime = new WorkspaceRuntime(ws.id, -1, active, []);
  const rand = random(7);
  const samples: number[] = [];
  const records = [];
  for (let i = 0; i < 2000; i++) {
    const record = await store.engine.customerRecord(ws.id, 1 + Math.floor(rand() * CUSTOMERS));
    if (record?.state?.signature === runtime.plan.signature) records.push(record);
  }
  for (let i = 0; i < 100_000; i++) {
    const record = records[i % records.length]!;
    const event = {
      id: 0,
      workspaceId: ws.id,
      customerId: record.id,
      type: 'track' as const,
      name: i % 3 === 0 ? 'Order Completed' : 'Product Viewed',
      timestamp: NOW - (i % 1000),
      payload: '{"properties":{"revenue":42}}',
    };
    const t0 = performance.now();
    evaluateCustomer(record, { runtime, now: NOW, cause: 'event', at: NOW, events: [event], rebuild: null });
    samples.push((performance.now() - t0) * 1000);
  }
  samples.sort((a, b) => a - b);

  log('new events through the engine (100,000 events for random customers)…');
  const live = 100_000;
  const maxId = Number(store.db.prepare('SELECT max(id) AS m FROM events').get()!.m);
  const insert = store.db.prepare(
    `INSERT INTO events (workspace_id, customer_id, message_id, type, name, user_id, timestamp, received_at, payload)
     VALUES (?, ?, ?, 'track', ?, ?, ?, ?, ?)`,
  );
  store.db.exec('BEGIN');
  for (let i = 0; i < live; i++) {
    const id = 1 + Math.floor(rand() * CUSTOMERS);
    const name = i % 4 === 0 ? 'Order Completed' : 'Product Viewed';
    insert.run(ws.id, id, `live${maxId + i}`, name, `u${id}`, NOW, NOW, '{"properties":{"revenue":30}}');
  }
  store.db.exec('COMMIT');
  const realtime = await drain(engine);

  log('time-driven moves: 91 days pass with no event…');
  clock.set(NOW + 91 * DAY);
  const timed = await drain(engine);

  const rows = [
    [
      'bulk load (generate + insert)',
      `${fmt(load.events)} events, ${fmt(CUSTOMERS)} customers`,
      load.seconds,
      load.events / load.seconds,
      'events/s',
      '—',
    ],
    [
      'first compute, features from the log',
      `${fmt(first.recomputed)} customers`,
      first.seconds,
      first.recomputed / first.seconds,
      'customers/s',
      fmt(first.moves),
    ],
    [
      'model change, same features (threshold)',
      `${fmt(thresholds.recomputed)} customers`,
      thresholds.seconds,
      thresholds.recomputed / thresholds.seconds,
      'customers/s',
      fmt(thresholds.moves),
    ],
    [
      'model change, new features (other preset)',
      `${fmt(preset.recomputed)} customers`,
      preset.seconds,
      preset.recomputed / preset.seconds,
      'customers/s',
      fmt(preset.moves),
    ],
    [
      'new events through the engine',
      `${fmt(realtime.events)} events`,
      realtime.seconds,
      realtime.events / realtime.seconds,
      'events/s',
      fmt(realtime.moves),
    ],
    [
      'time-driven moves (91 days pass)',
      `${fmt(timed.due)} customers due`,
      timed.seconds,
      timed.due / timed.seconds,
      'customers/s',
      fmt(timed.moves),
    ],
  ];
  const table = rows
    .map(
      ([what, size, s, rate, unit, moves]) =>
        `| ${what} | ${size} | ${(s as number).toFixed(1)} | ${fmt(rate as number)} ${unit} | ${moves} |`,
    )
    .join('\n');
  const markdown = `## Lifecycle engine (bench/lifecycle)

\`npm run bench:lifecycle\` on 2 cores, ${machine()}, ${new Date().toISOString().slice(0, 10)}; SQLite, one process, the
engine stepped as the server's writer thread steps it (5,000 events or 2,000 customers a transaction,
the same connection settings, WAL checkpoints on their own thread).
${fmt(CUSTOMERS)} customers and ${fmt(load.events)} events over 18 months (page views, product views, carts,
checkouts, orders with revenue, reviews, surveys, referrals, tickets; many customers stop after a few
months). The first compute starts from no state: every customer's features are rebuilt from their log.
Each recompute also records every move and writes its Stage Entered/Exited events.

| phase | size | seconds | rate | moves |
|---|---|---|---|---|
${table}

Evaluating one customer for one new event (fold into features, decide the stage under reach-loyalty,
next wake-up; no I/O), 100,000 samples: p50 ${percentile(samples, 0.5).toFixed(1)} µs, p99 ${percentile(samples, 0.99).toFixed(1)} µs.
Peak RSS of the process: ${fmt(peakRss / 1048576)} MB.

Targets: full recompute after a model change under 60 s; RSS under 1 GB.`;
  writeSection('lifecycle', markdown);
  console.log(markdown);
} finally {
  await checkpointer?.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
