/**
 * bench/analytics: the analytics reports on SQLite and PostgreSQL with 1,000,000 customers and
 * 10,000,000 events (BENCH_CUSTOMERS, BENCH_EVENTS to change; BENCH_STORES=sqlite,postgres to choose;
 * BENCH_DATABASE_URL for another PostgreSQL). One dataset is generated in memory, written to each store
 * in turn, and measured by a fresh process per store (measure.ts): each report cold (its first call)
 * and warm (median of 3 more), with the rows its reads returned. Temporary files and the PostgreSQL
 * schema are removed at the end, also on failure.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dropSchema } from '../../src/storage/index.ts';
import { machine, writeSection } from '../results.ts';
import { type Dataset, generate } from './generate.ts';
import { loadPostgres } from './load-postgres.ts';
import { type Loaded, loadSqlite } from './load-sqlite.ts';
import type { MeasureConfig, Measurement, MeasureResult } from './measure.ts';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const STORES = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',').map((s) => s.trim()) as (
  | 'sqlite'
  | 'postgres'
)[];
const URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const secs = (s: number) => (s < 10 ? s.toFixed(2) : s.toFixed(1));
const log = (line: string) => process.stderr.write(`${line}\n`);

for (const s of STORES) if (s !== 'sqlite' && s !== 'postgres') throw new Error(`unknown store ${s}`);

const dir = mkdtempSync(path.join(tmpdir(), 'loopline-bench-analytics-'));
const schema = `loopline_bench_analytics_${randomBytes(4).toString('hex')}`;
let schemaUsed = false;
let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  rmSync(dir, { recursive: true, force: true });
  if (schemaUsed) await dropSchema(URL, schema).catch((e) => log(`could not drop schema ${schema}: ${e}`));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up…`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** Runs measure.ts for one store in a process of its own. */
function measure(config: MeasureConfig): Promise<MeasureResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(import.meta.dirname, 'measure.ts'), JSON.stringify(config)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)) as MeasureResult);
      else reject(new Error(`measure.ts for ${config.store} exited with ${code}`));
    });
  });
}

/** bench/predict's pure fit on 1,000,000 simulated customers, from its section of RESULTS.md. */
function predictFit(): string | null {
  try {
    const text = readFileSync(path.join(import.meta.dirname, '..', 'RESULTS.md'), 'utf8');
    const row = text.split('\n').find((l) => l.includes('simulated, BG/NBD + Gamma-Gamma fit (days)'));
    return row?.split('|')[4]?.trim() ?? null;
  } catch {
    return null;
  }
}

function met(m: Measurement): string {
  if (m.target === null) return '—';
  const cold = m.cold < m.target;
  const warm = m.warm !== null && m.warm < m.target;
  return cold && warm ? 'yes' : warm ? 'warm only' : 'no';
}

function storeTable(name: string, loaded: Loaded, r: MeasureResult): string {
  const rows = r.measurements.map((m) => {
    const top = m.reads[0];
    const slowest = top ? `${top.read} ${fmt(top.rows)} rows, ${secs(top.seconds)} s` : '—';
    return `| ${m.key} | ${secs(m.cold)} | ${m.warm === null ? '—' : secs(m.warm)} | ${
      m.target === null ? '—' : `< ${m.target} s`
    } | ${met(m)} | ${m.rows > 0 ? fmt(m.rows) : '—'} | ${slowest} | ${m.note} |`;
  });
  const phases = Object.entries(loaded.phases)
    .map(([k, s]) => `${k} ${secs(s)} s`)
    .join(', ');
  return `### ${name}

Load: ${secs(loaded.seconds)} s (${phases}). Peak RSS of the measuring process: ${fmt(r.peakRssMb)} MB.

| measurement | cold s | warm s | target | met? | rows read (cold) | slowest read (cold) | result |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}`;
}

function section(d: Dataset, runs: { name: string; loaded: Loaded; result: MeasureResult }[]): string {
  const internal = d.events.count - d.events.clientCount;
  const pure = predictFit();
  return `## Analytics (bench/analytics)

\`npm run bench:analytics\` on 2 cores, ${machine()}, ${new Date().toISOString().slice(0, 10)}.
An online shop over the 18 months before 2026-06-01: ${fmt(d.customers)} customers, ${fmt(d.events.clientCount)} events
(page views from an acquisition channel per customer (paid search and social with campaigns, organic search,
email, referral, direct) then mostly site navigation, product views, carts, checkouts, orders with revenue,
signups, NPS surveys, reviews, tickets, referrals; repeat visits from newsletters and retargeting; a third
never return, many stop after a few months, some come back after lapsing), with channel, touchpoint,
campaign and value as ingest sets them. The clm-5 lifecycle is written as the engine would leave it:
${fmt(d.moves.count)} stage moves, each event's stage, every customer's current stage, and the engine's
${fmt(internal)} Stage Entered/Exited events; plus ${fmt(d.spend.length)} days×campaigns of marketing spend, and
the active days, weeks and months ingest keeps per customer where the store has those tables.
Generated in ${secs(d.seconds)} s. SQLite is loaded with prepared inserts in 50,000-row transactions (synchronous
OFF), never ANALYZEd; PostgreSQL with COPY on 3 connections, then VACUUM ANALYZE; every index of the
migrations is in place during the load. Each store is then opened as the server opens it, in a fresh
process: "cold" is a report's first call there (the store's own cache empty; the OS page cache holds
whatever the load and the earlier reports left), "warm" the median of 3 more calls. Rows read are the
rows the analytics reads returned; the slowest read is the storage method with the most wall time during
which one of its calls ran (PostgreSQL runs a report's reads concurrently, so reads overlap). Ranges end at
2026-06-01; 30 days is the May 2026 window.

${runs.map((r) => storeTable(r.name, r.loaded, r.result)).join('\n\n')}

Targets: overview < 1 s; funnels and cohort tables < 3 s; the BG/NBD + Gamma-Gamma fit on every buyer
< 3 s end to end.${
    pure
      ? ` bench/predict's pure fit (BG/NBD + Gamma-Gamma, days, 1,000,000 simulated customers, no I/O): ${pure}.`
      : ''
  }`;
}

try {
  log(`generating ${fmt(CUSTOMERS)} customers and about ${fmt(EVENTS)} events…`);
  const data = generate(CUSTOMERS, EVENTS);
  log(
    `  ${fmt(data.events.clientCount)} events, ${fmt(data.events.count - data.events.clientCount)} engine events, ${fmt(
      data.moves.count,
    )} moves in ${data.seconds.toFixed(1)} s`,
  );
  const lapseStages = data.stages.lapse;
  const runs: { name: string; loaded: Loaded; result: MeasureResult }[] = [];
  for (const s of STORES) {
    if (s === 'sqlite') {
      const file = path.join(dir, 'bench.db');
      log('SQLite: loading…');
      const loaded = await loadSqlite(data, file, log);
      log(`  loaded in ${loaded.seconds.toFixed(1)} s; measuring…`);
      const result = await measure({ store: 'sqlite', file, workspaceId: loaded.workspaceId, lapseStages });
      runs.push({ name: 'SQLite', loaded, result });
      // BENCH_KEEP_SQLITE=1 leaves the loaded file in bench/.data for a closer look (as the schema below).
      if (process.env.BENCH_KEEP_SQLITE === '1') {
        const kept = path.join(import.meta.dirname, '..', '.data', 'analytics.db');
        mkdirSync(path.dirname(kept), { recursive: true });
        renameSync(file, kept);
        log(`kept ${kept} (workspace ${loaded.workspaceId})`);
      }
      rmSync(dir, { recursive: true, force: true });
    } else {
      schemaUsed = true;
      log(`PostgreSQL: loading into schema ${schema}…`);
      const loaded = await loadPostgres(data, URL, schema, log);
      log(`  loaded in ${loaded.seconds.toFixed(1)} s; measuring…`);
      const result = await measure({
        store: 'postgres',
        url: URL,
        schema,
        workspaceId: loaded.workspaceId,
        lapseStages,
      });
      runs.push({ name: 'PostgreSQL', loaded, result });
      // BENCH_KEEP_POSTGRES=1 leaves the loaded schema for a closer look (drop it yourself afterwards).
      if (process.env.BENCH_KEEP_POSTGRES === '1')
        log(`kept schema ${schema} (workspace ${loaded.workspaceId})`);
      else await dropSchema(URL, schema);
      schemaUsed = false;
    }
  }
  const markdown = section(data, runs);
  if (process.env.BENCH_NO_WRITE !== '1') writeSection('analytics', markdown);
  console.log(markdown);
} finally {
  await cleanup();
}
