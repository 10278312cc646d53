/**
 * bench/ingest: events/s through POST /v1/batch (500 events a request, several concurrent clients)
 * against the real server in a child process, beside the raw insert rate of the same store measured
 * in the same run; p50/p99 latency at half the measured throughput; peak server RSS while 5M events
 * go in. Usage: npm run bench:ingest -- [--stores sqlite,postgres] [--events N] [--rss-events N]
 */
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type OpenStore, SqliteStore } from '../../src/storage/index.ts';
import { PostgresStore } from '../../src/storage/postgres/postgres-store.ts';
import { machine, writeSection } from '../results.ts';
import { measureCeiling } from './ceiling.ts';
import { waitForEngine } from './engine-backlog.ts';
import { closedLoop, openLoop, percentile } from './load.ts';
import { rssMb, startServer, stopServer } from './server-process.ts';
import { Workload } from './workload.ts';

const { values } = parseArgs({
  options: {
    stores: { type: 'string', default: 'sqlite,postgres' },
    events: { type: 'string', default: '1000000' },
    'rss-events': { type: 'string', default: '5000000' },
    'ceiling-events': { type: 'string', default: '300000' },
    clients: { type: 'string', default: '8' },
  },
});
const EVENTS = Number(values.events);
const RSS_EVENTS = Number(values['rss-events']);
const CEILING_EVENTS = Number(values['ceiling-events']);
const CLIENTS = Number(values.clients);
const BATCH = 500;
const PG_ADMIN = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dataDir = path.join(import.meta.dirname, '../.data');

type Row = {
  store: string;
  ceiling: number;
  throughput: number;
  p50: number;
  p99: number;
  halfRate: number;
  rss: number;
  rssEvents: number;
  rssThroughput: number;
  /** Seconds from the flood's last 200 until the lifecycle engine had processed every event. */
  engineCatchUp: number;
  errors: number;
};

async function freshTarget(
  store: string,
  tag: string,
): Promise<{ env: Record<string, string>; open: () => OpenStore }> {
  if (store === 'sqlite') {
    const file = path.join(dataDir, `${tag}.db`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    return { env: { LOOPLINE_DB: file }, open: () => new SqliteStore(file) };
  }
  const db = `loopline_bench_${tag.replace(/\W/g, '_')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${db}`;
  return { env: { DATABASE_URL: url.toString() }, open: () => new PostgresStore(url.toString()) };
}

async function benchStore(store: string): Promise<Row> {
  const log = (msg: string) => console.error(`[${store}] ${msg}`);

  const ceilingTarget = await freshTarget(store, 'ceiling');
  const raw = ceilingTarget.open();
  await raw.migrate();
  const ceiling = await measureCeiling(raw, new Workload(), CEILING_EVENTS);
  await raw.close();
  log(`ceiling ${Math.round(ceiling)} events/s`);

  const target = await freshTarget(store, 'throughput');
  let server = await startServer(target.env);
  const workload = new Workload();
  const run = await closedLoop(server.url, workload, { clients: CLIENTS, batch: BATCH, events: EVENTS });
  const throughput = run.events / run.seconds;
  log(
    `throughput ${Math.round(throughput)} events/s over ${run.events} events (${run.errors} errors, ${run.throttled} throttled)`,
  );
  // The server accepts first and processes after (the lifecycle engine catches up once the flood ends).
  const engine = await waitForEngine(target.env);
  log(`engine caught up ${engine.seconds.toFixed(1)} s after the flood (${engine.left} events left)`);
  const halfRate = Math.round(throughput / 2);
  // Let the checkpointer catch up with the WAL the overload left behind: the latency figure is for a
  // server running steadily at half load, not one recovering from the phase before.
  await new Promise((r) => setTimeout(r, 5_000));
  const half = await openLoop(server.url, workload, { eventsPerSecond: halfRate, batch: BATCH, seconds: 15 });
  log(
    `at ${halfRate}/s: p50 ${percentile(half.latenciesMs, 50).toFixed(1)} ms, p99 ${percentile(half.latenciesMs, 99).toFixed(1)} ms`,
  );
  await stopServer(server.child);

  const rssTarget = await freshTarget(store, 'rss');
  server = await startServer(rssTarget.env);
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(server.child.pid!));
  }, 250);
  let lastReport = 0;
  const soak = await closedLoop(server.url, new Workload(1_000_000), {
    clients: CLIENTS,
    batch: BATCH,
    events: RSS_EVENTS,
    onProgress: (sent) => {
      if (sent - lastReport >= 500_000) {
        lastReport = sent;
        log(`${sent} events in, RSS peak ${peak.toFixed(0)} MB`);
      }
    },
  });
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(server.child.pid!));
  await stopServer(server.child);
  log(
    `RSS peak ${peak.toFixed(0)} MB over ${soak.events} events at ${Math.round(soak.events / soak.seconds)} events/s`,
  );

  return {
    store,
    ceiling,
    throughput,
    p50: percentile(half.latenciesMs, 50),
    p99: percentile(half.latenciesMs, 99),
    halfRate,
    rss: peak,
    rssEvents: soak.events,
    rssThroughput: soak.events / soak.seconds,
    engineCatchUp: engine.seconds,
    errors: run.errors + half.errors + soak.errors,
  };
}

const rows: Row[] = [];
for (const store of values.stores.split(',')) rows.push(await benchStore(store.trim()));

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const table = rows
  .map(
    (r) =>
      `| ${r.store} | ${fmt(r.ceiling)} | ${fmt(r.throughput)} | ${((r.throughput / r.ceiling) * 100).toFixed(0)}% | ` +
      `${r.engineCatchUp.toFixed(1)} | ${fmt(r.halfRate)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${fmt(r.rssEvents)} | ${fmt(r.rssThroughput)} | ${r.rss.toFixed(0)} | ${r.errors} |`,
  )
  .join('\n');
writeSection(
  'ingest',
  `## Ingest (bench/ingest)

\`npm run bench:ingest\` on ${os.cpus().length} cores, ${machine()}, ${new Date().toISOString().slice(0, 10)}.
The server runs as a child process (\`loopline start\`); ${CLIENTS} concurrent clients post /v1/batch with
${BATCH} events each (identify, page and track from a pool of people, so identity resolution runs on every
message) to a server running the default clm-5 lifecycle model, so the engine processes every event too. The
ceiling is the raw insert rate of the same store's event log measured in the same run (same
table and indexes, 5,000 rows a transaction, no HTTP, validation or identity work). On SQLite, while ingest fills the
writer, the server commits events first and the engine steps once a second (PostgreSQL runs its engine
beside ingest); "engine catch-up" is the time from the flood's last response until the engine had
processed every event. Latency is measured, once it has, by
the client at half the measured throughput (open loop, 15 s, after a 5 s pause). RSS is the server's peak while the soak
events go in.

| store | ceiling ev/s | /v1/batch ev/s | of ceiling | engine catch-up s | half load ev/s | p50 ms | p99 ms | soak events | soak ev/s | peak RSS MB | errors |
|---|---|---|---|---|---|---|---|---|---|---|---|
${table}

Targets: ≥ 50,000 events/s on SQLite and ≥ 25% of the ceiling; p99 < 100 ms at half load; RSS < 300 MB.`,
);
console.log(table);
