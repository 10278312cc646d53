/**
 * bench/jobs: the durable jobs of src/jobs on both stores. Enqueues BENCH_JOBS (100,000) jobs due at
 * once beside BENCH_TIMERS (200,000) timers due tomorrow, then runs them with JobWorkers (started, as the
 * server runs them) and a handler that does nothing: jobs completed per second, the latency of each
 * claim call, and the enqueue rate, batched and one job a call. SQLite runs its worker in this process;
 * PostgreSQL runs 1, 2 and 4 workers in processes of their own. BENCH_STORES=sqlite,postgres to choose;
 * writes its section of bench/RESULTS.md unless BENCH_WRITE=0.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import type { NewJob } from '../../src/jobs/index.ts';
import { dropSchema, PostgresStore, SqliteStore, type Store } from '../../src/storage/index.ts';
import { percentile } from '../ingest/load.ts';
import { machine, writeSection } from '../results.ts';
import { type Drained, drain, NOOP } from './drain.ts';
import { drainInProcesses } from './workers.ts';

const JOBS = Number(process.env.BENCH_JOBS ?? 100_000);
const TIMERS = Number(process.env.BENCH_TIMERS ?? 200_000);
const STORES = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',');
const WRITE = process.env.BENCH_WRITE !== '0';
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BATCH = 1000;
const SINGLES = 2000;
const log = (line: string) => process.stderr.write(`${line}\n`);
// The machine is shared: its load around the run says how much of it the benchmark had.
const loadBefore = loadavg()[0]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

type RunRow = { store: string; workers: number; concurrency: number; perSecond: number; claims: number[] };
type EnqueueRow = { store: string; batched: number; single: number };
const runs: RunRow[] = [];
const enqueues: EnqueueRow[] = [];

let keySeq = 0;
const jobsAt = (workspaceId: number, kind: string, runAt: number, count: number): NewJob[] =>
  Array.from({ length: count }, () => ({ workspaceId, kind, key: `k${++keySeq}`, runAt }));

/** Enqueues `count` jobs due now in calls of BATCH; returns jobs/s. */
async function enqueueDue(store: Store, workspaceId: number, count: number): Promise<number> {
  const started = performance.now();
  for (let done = 0; done < count; done += BATCH) {
    const now = Date.now();
    await store.jobs.enqueue(jobsAt(workspaceId, NOOP, now, Math.min(BATCH, count - done)), {
      now,
      onConflict: 'keep',
    });
  }
  return count / ((performance.now() - started) / 1000);
}

/** Jobs/s of one run: from the first worker's start to the last completion written. */
function record(store: string, concurrency: number, drained: Drained[]): void {
  const handled = drained.reduce((sum, d) => sum + d.handled, 0);
  if (handled !== JOBS) throw new Error(`${store}: the workers ran ${handled} jobs, not ${JOBS}`);
  const ms = Math.max(...drained.map((d) => d.finishedAt)) - Math.min(...drained.map((d) => d.startedAt));
  const row = {
    store,
    workers: drained.length,
    concurrency,
    perSecond: handled / (ms / 1000),
    claims: drained.flatMap((d) => d.claims),
  };
  runs.push(row);
  log(`${store} ${row.workers}×${concurrency}: ${fmt(row.perSecond)} jobs/s`);
}

async function bench(
  name: string,
  store: Store,
  workerRuns: (() => Promise<Drained[]>)[],
  concurrency: number[],
) {
  await store.migrate();
  const ws = await store.workspaces.create(`bench-jobs-${Date.now()}`, { identity: {} } as never, Date.now());
  log(`${name}: ${fmt(TIMERS)} timers due tomorrow…`);
  for (let done = 0; done < TIMERS; done += 5000) {
    const now = Date.now();
    await store.jobs.enqueue(jobsAt(ws.id, 'bench.later', now + 86_400_000, 5000), {
      now,
      onConflict: 'keep',
    });
  }
  const batched: number[] = [];
  for (const [i, run] of workerRuns.entries()) {
    log(`${name}: ${fmt(JOBS)} jobs due now…`);
    batched.push(await enqueueDue(store, ws.id, JOBS));
    record(name, concurrency[i]!, await run());
    const left = await store.jobs.nextDue(Date.now(), [NOOP]);
    if (left !== null) throw new Error(`${name}: jobs were left after the run`);
  }
  const started = performance.now();
  for (let i = 0; i < SINGLES; i++) {
    const now = Date.now();
    await store.jobs.enqueue(jobsAt(ws.id, 'bench.single', now, 1), { now, onConflict: 'keep' });
  }
  const single = SINGLES / ((performance.now() - started) / 1000);
  enqueues.push({ store: name, batched: batched.reduce((a, b) => a + b) / batched.length, single });
  await store.close();
}

if (STORES.includes('sqlite')) {
  const file = path.join(import.meta.dirname, '../.data/jobs.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  // The server's connection settings: WAL, synchronous NORMAL unless LOOPLINE_SQLITE_SYNC=full.
  const store = new SqliteStore(file, { synchronous: 'NORMAL' });
  const inProcess = (concurrency: number) => async () => [
    await drain(store.jobs, 'bench-sqlite', concurrency),
  ];
  await bench('sqlite', store, [inProcess(8), inProcess(32)], [8, 32]);
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

if (STORES.includes('postgres')) {
  const schema = `loopline_bench_jobs_${randomBytes(4).toString('hex')}`;
  const store = new PostgresStore(PG_URL, { schema });
  const pg = { url: PG_URL, schema };
  const configs: [number, number][] = [
    [1, 8],
    [1, 32],
    [2, 32],
    [4, 32],
  ];
  try {
    const inProcesses = configs.map(
      ([workers, concurrency]) =>
        () =>
          drainInProcesses(workers, concurrency, pg),
    );
    await bench(
      'postgres',
      store,
      inProcesses,
      configs.map(([, c]) => c),
    );
  } finally {
    await dropSchema(PG_URL, schema);
  }
}

const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);
const load = `load average ${loadBefore.toFixed(1)} before the run, ${loadavg()[0]!.toFixed(1)} after`;
const markdown = [
  '## Jobs and timers (bench/jobs)',
  '',
  `\`npm run bench:jobs\` on 2 cores, ${machine()}, ${new Date().toISOString().slice(0, 10)}. Each run enqueues`,
  `${fmt(JOBS)} jobs due at once (${fmt(BATCH)} a call) into a table that also holds ${fmt(TIMERS)} timers due`,
  'tomorrow, then started JobWorkers run them with a handler that does nothing until none is left:',
  'jobs/s counts from the first worker starting to the last completion written. A claim takes as many',
  'jobs as the worker has free slots (its concurrency); its latency is the wall time of the call as the',
  'worker sees it. SQLite runs its worker in the benchmark process on the server’s settings (WAL,',
  'synchronous NORMAL); PostgreSQL workers run in processes of their own, with their own pools; with',
  'four of them, the workers and their PostgreSQL backends outnumber the cores.',
  `The machine is shared with other work (${load}).`,
  '',
  '| store | workers × concurrency | jobs/s | claim p50 ms | claim p99 ms | claims |',
  '|---|---|---|---|---|---|',
  ...runs.map(
    (r) =>
      `| ${r.store} | ${r.workers} × ${r.concurrency} | ${fmt(r.perSecond)} | ${ms(percentile(r.claims, 50))} | ` +
      `${ms(percentile(r.claims, 99))} | ${fmt(r.claims.length)} |`,
  ),
  '',
  '| store | enqueue jobs/s, 1,000 a call | enqueue jobs/s, one a call |',
  '|---|---|---|',
  ...enqueues.map((e) => `| ${e.store} | ${fmt(e.batched)} | ${fmt(e.single)} |`),
  '',
  'Reference: graphile-worker publishes about 15,600 jobs/s on PostgreSQL without batching, from its own',
  'benchmark on its own hardware; the figures here share a 2-core VM with PostgreSQL and the workers.',
  '',
  'Targets: one worker on either store completes ≥ 1,000 jobs/s (a wave of 100,000 journey timers',
  'firing at once is worked off in under two minutes), with claim p99 < 50 ms beside the future timers.',
  'A worker that dies loses its jobs to another when their lease runs out (30 s by default), which the',
  'storage suite checks by the clock.',
].join('\n');
process.stdout.write(`${markdown}\n`);
if (WRITE) writeSection('jobs', markdown);
