/**
 * One store's measurements, in a process of its own so that "cold" is a fresh process (no page cache of
 * the store's own, nothing compiled yet) and the peak RSS is the reads' alone. Started by run.ts with a
 * JSON argument; prints its result as the last line of stdout, `RESULT {...}`.
 */
import { readFileSync } from 'node:fs';
import {
  attributionReport,
  cohortReport,
  computeKpis,
  fitWorkspace,
  funnelReport,
  journeyMapReport,
  lifecycleChartReport,
  overviewReport,
  type PurchaseDay,
  stageFlowReport,
} from '../../src/analytics/index.ts';
import { DAY } from '../../src/core/index.ts';
import { fitModels, summarize } from '../../src/predict/index.ts';
import { PostgresStore, SqliteStore, type Store } from '../../src/storage/index.ts';
import { NOW } from './generate.ts';

export type MeasureConfig = {
  store: 'sqlite' | 'postgres';
  file?: string;
  url?: string;
  schema?: string;
  workspaceId: number;
  lapseStages: string[];
};

/** A storage method's calls in one run: rows returned, and the wall time during which any of them ran. */
export type ReadStat = { read: string; calls: number; rows: number; seconds: number };

export type Measurement = {
  key: string;
  cold: number;
  /** Median of the warm runs; null when the cold run took too long to repeat. */
  warm: number | null;
  target: number | null;
  /** Rows the analytics reads returned in the cold run, and the reads by time spent. */
  rows: number;
  reads: ReadStat[];
  note: string;
  /** Peak RSS of the process after this measurement, MB. */
  peakMb: number;
};

export type MeasureResult = { measurements: Measurement[]; peakRssMb: number };

/** A warm repeat of anything slower than this is skipped. */
const CAP_SECONDS = 60;
const WARM_RUNS = 3;

const config = JSON.parse(process.argv[2]!) as MeasureConfig;
const log = (line: string) => process.stderr.write(`${line}\n`);

// Opened as the server opens it for reads (SQLite: the default options of a reading connection).
const store: Store =
  config.store === 'sqlite'
    ? new SqliteStore(config.file!)
    : new PostgresStore(config.url!, { schema: config.schema });

/** Counts what each analytics read returns and how long it takes, while `current` is set. */
let current: Map<string, ReadStat & { spans: [number, number][] }> | null = null;

/** Seconds during which at least one of these calls was running (concurrent calls count once). */
function wallSeconds(spans: [number, number][]): number {
  spans.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let from = Number.NEGATIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const [a, b] of spans) {
    if (a > to) {
      if (to > from) total += to - from;
      from = a;
      to = b;
    } else to = Math.max(to, b);
  }
  if (to > from) total += to - from;
  return total / 1000;
}
function instrument(analytics: object): void {
  const proto = Object.getPrototypeOf(analytics) as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const original = proto[name];
    if (name === 'constructor' || typeof original !== 'function') continue;
    Object.defineProperty(analytics, name, {
      value: async (...args: unknown[]) => {
        const t0 = performance.now();
        const pending = (original as (...a: unknown[]) => Promise<unknown>).apply(analytics, args);
        // SQLite runs the query before returning; PostgreSQL's time is until its answer arrives.
        const sync = performance.now() - t0;
        const result = await pending;
        const end = config.store === 'sqlite' ? t0 + sync : performance.now();
        if (current) {
          const s = current.get(name) ?? { read: name, calls: 0, rows: 0, seconds: 0, spans: [] };
          s.calls++;
          s.rows += Array.isArray(result)
            ? result.length
            : result instanceof Map
              ? result.size
              : result
                ? 1
                : 0;
          s.spans.push([t0, end]);
          current.set(name, s);
        }
        return result;
      },
    });
  }
}
instrument(store.analytics);

/** Each SQL statement the reads ran during cold runs, with its arguments and time, for the plans printed at the end. */
type Query = { case: string; sql: string; args: unknown[]; seconds: number; rows: number };
const queries: Query[] = [];
let currentCase: string | null = null;
const record = (sql: string, args: unknown[], t0: number, rows: number) => {
  if (currentCase)
    queries.push({ case: currentCase, sql, args, seconds: (performance.now() - t0) / 1000, rows });
};
if (store instanceof SqliteStore) {
  const statement = store.statement.bind(store);
  store.statement = (sql: string) => {
    const stmt = statement(sql);
    return new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        if (prop !== 'all' && prop !== 'get') return value.bind(target);
        return (...args: unknown[]) => {
          const t0 = performance.now();
          const out = value.apply(target, args);
          record(sql, args, t0, Array.isArray(out) ? out.length : out ? 1 : 0);
          return out;
        };
      },
    });
  };
} else if (store instanceof PostgresStore) {
  const pool = store.pool;
  const query = pool.query.bind(pool) as (config: unknown, values?: unknown) => Promise<{ rows: unknown[] }>;
  (pool as unknown as { query: unknown }).query = async (config: unknown, values?: unknown) => {
    const t0 = performance.now();
    const out = await query(config, values);
    const c = config as { text?: string; values?: unknown[] };
    const text = typeof config === 'string' ? config : (c.text ?? '');
    record(
      text,
      ((typeof config === 'string' ? values : c.values) as unknown[]) ?? [],
      t0,
      out.rows?.length ?? 0,
    );
    return out;
  };
}

/** The plans of the slowest statements, as the store runs them. */
async function printPlans(n: number): Promise<void> {
  const seen = new Set<string>();
  const slowest = [...queries]
    .sort((a, b) => b.seconds - a.seconds)
    .filter((q) => {
      const key = `${q.case}|${q.sql}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  for (const q of slowest.slice(0, n)) {
    const shown = q.args
      .map((a) => (Array.isArray(a) ? `[${a.length} values]` : JSON.stringify(a)))
      .join(', ');
    log(
      `\nPLAN ${q.case}: ${q.seconds.toFixed(3)} s, ${q.rows.toLocaleString('en-US')} rows\n  ${q.sql.replace(/\s+/g, ' ').slice(0, 400)}\n  args: ${shown.slice(0, 300)}`,
    );
    if (store instanceof SqliteStore) {
      const plan = store.db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.args as never[]));
      for (const r of plan) log(`    ${String(r.detail)}`);
    } else if (store instanceof PostgresStore) {
      const { rows } = await store.pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.args);
      for (const r of rows) log(`    ${String(r['QUERY PLAN'])}`);
    }
  }
}

const ws = config.workspaceId;
const last30 = { from: NOW - 30 * DAY, to: NOW };
const funnelSteps = ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed'].map(
  (event) => ({
    event,
  }),
);
const funnel = { steps: funnelSteps, order: 'ordered' as const, windowMs: 7 * DAY, ...last30 };
const cohortRange = { from: Date.UTC(2025, 5, 1), to: NOW, unit: 'month' as const, now: NOW };
let purchaseDays: PurchaseDay[] = [];
let summary: ReturnType<typeof summarize>['summary'] | null = null;

type Case = { key: string; target: number | null; run: () => Promise<string> };

const CASES: Case[] = [
  {
    key: 'stage KPI overview, last 30 days',
    target: 1,
    run: async () => {
      const o = await overviewReport(store, ws, { ...last30, unit: 'day', now: NOW });
      return `${o.stages.length} stages, ${o.kpis.length} KPIs`;
    },
  },
  {
    key: 'funnel, 4 steps, 30 days, 7-day window',
    target: 3,
    run: async () => {
      const f = await funnelReport(store, ws, funnel);
      return f.steps.map((s) => s.customers.toLocaleString('en-US')).join(' → ');
    },
  },
  {
    key: 'the same funnel by channel',
    target: 3,
    run: async () => {
      const f = await funnelReport(store, ws, { ...funnel, breakdown: { by: 'channel' } });
      return `groups: ${(f.groups ?? []).map((g) => g.key).join(', ')}`;
    },
  },
  {
    key: 'cohorts 12×12, first purchase, returning purchases',
    target: 3,
    run: async () => {
      const t = await cohortReport(store, ws, cohortRange, {
        cohort: { by: 'first_event', event: 'Order Completed' },
        returnEvent: 'Order Completed',
        periods: 12,
      });
      return `${t.cohorts.length} cohorts`;
    },
  },
  {
    key: 'cohorts 12×12, first seen, any event',
    target: 3,
    run: async () => {
      const t = await cohortReport(store, ws, cohortRange, {
        cohort: { by: 'first_seen' },
        returnEvent: null,
        periods: 12,
      });
      return `${t.cohorts.length} cohorts`;
    },
  },
  {
    key: 'KPI catalog (every KPI), 30 days by day',
    target: null,
    run: async () => {
      const k = await computeKpis(store.analytics, ws, {
        ...last30,
        unit: 'day',
        now: NOW,
        lapseStages: config.lapseStages,
      });
      return `${k.length} KPIs`;
    },
  },
  {
    key: 'stage flow, 30 days by day',
    target: null,
    run: async () => {
      const f = await stageFlowReport(store, ws, { ...last30, unit: 'day', now: NOW });
      return `${f.totals.reduce((s, l) => s + l.count, 0).toLocaleString('en-US')} moves in range`;
    },
  },
  {
    key: 'journey map, 30 days',
    target: null,
    run: async () => {
      const j = await journeyMapReport(store, ws, { ...last30, unit: 'day', now: NOW });
      return `${j.stages.length} stages`;
    },
  },
  {
    key: 'lifecycle chart, 12 weeks',
    target: null,
    run: async () => {
      const p = await lifecycleChartReport(store, ws, {
        from: NOW - 84 * DAY,
        to: NOW,
        unit: 'week',
        now: NOW,
      });
      return `${p.length} weeks`;
    },
  },
  {
    key: 'attribution, 30 days (30-day lookback)',
    target: null,
    run: async () => {
      const a = await attributionReport(store, ws, last30, { event: 'Order Completed' });
      return `${a.totals.conversions.toLocaleString('en-US')} conversions`;
    },
  },
  {
    key: 'fit: purchase days read',
    target: null,
    run: async () => {
      purchaseDays = await store.analytics.purchaseDays(ws, 'Order Completed', NOW + 1);
      return `${purchaseDays.length.toLocaleString('en-US')} customer-days`;
    },
  },
  {
    key: 'fit: summary (x, t_x, T, monetary)',
    target: null,
    run: async () => {
      summary = summarize(
        purchaseDays.map((d) => ({ customer: d.c, at: d.day, value: d.v })),
        { until: Math.floor(NOW / DAY + 1) * DAY, unit: 'days' },
      ).summary;
      return `${summary.size.toLocaleString('en-US')} customers`;
    },
  },
  {
    key: 'fit: BG/NBD + Gamma-Gamma (no I/O)',
    target: null,
    run: async () => {
      const m = fitModels(summary!);
      return `${m.repeatCustomers.toLocaleString('en-US')} repeat customers`;
    },
  },
  {
    key: 'fit end to end (fitWorkspace, store: false)',
    target: 3,
    run: async () => {
      const f = await fitWorkspace(store, ws, {
        unit: 'days',
        event: 'Order Completed',
        now: NOW,
        store: false,
      });
      const p = f.report.models.bgNbd;
      return `${f.report.customers.toLocaleString('en-US')} customers, BG/NBD LL ${Math.round(p.logLikelihood)}`;
    },
  },
];

/**
 * The process's peak RSS in MB: VmHWM, the high-water mark of this program's own address space. (getrusage's
 * maxRSS would not do: Linux carries the parent's peak over into a child it forks.)
 */
function peakMb(): number {
  try {
    const hwm = /VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Math.round(Number(hwm[1]) / 1024);
  } catch {}
  return Math.round(process.memoryUsage.rss() / 1048576);
}

async function timed(run: () => Promise<string>): Promise<{ s: number; note: string }> {
  const t0 = performance.now();
  const note = await run();
  return { s: (performance.now() - t0) / 1000, note };
}

/** Median wall seconds of 3 runs of `run`, and what its last run returned. */
async function median3<T>(run: () => Promise<T> | T): Promise<{ s: number; out: T }> {
  const times: number[] = [];
  let out: T | undefined;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    out = await run();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((x, y) => x - y);
  return { s: times[1]!, out: out! };
}

/**
 * Diagnostics for the report, not RESULTS.md: the first-occurrence read as it is and as it could be (only
 * the customers with an event in the range, kept when they have none before it), and on PostgreSQL the
 * journey map's read with the planner's sequential scan and with it off.
 */
async function experiments(): Promise<void> {
  const args = (name: string) => [ws, name, last30.from, last30.to];
  for (const name of ['Signed Up', 'Order Completed']) {
    if (store instanceof SqliteStore) {
      const now = store.db.prepare(`SELECT customer_id, min(timestamp) AS first FROM events
         WHERE workspace_id = ? AND name = ? AND timestamp < ? AND type = 'track'
         GROUP BY customer_id HAVING first >= ?`);
      const alt = store.db.prepare(`SELECT e.customer_id, min(e.timestamp) FROM events e
         WHERE e.workspace_id = ? AND e.name = ? AND e.timestamp >= ? AND e.timestamp < ? AND e.type = 'track'
           AND NOT EXISTS (SELECT 1 FROM events p WHERE p.customer_id = e.customer_id AND p.timestamp < ?
             AND p.type = 'track' AND p.name = ? AND +p.workspace_id = ?)
         GROUP BY e.customer_id`);
      const a = await median3(() => now.all(ws, name, last30.to, last30.from).length);
      const b = await median3(() => alt.all(...args(name), last30.from, name, ws).length);
      log(
        `EXPERIMENT firstOccurrences(${name}): as is ${a.s.toFixed(3)} s (${a.out} rows); in-range + NOT EXISTS earlier ${b.s.toFixed(3)} s (${b.out} rows)`,
      );
      for (const r of store.db
        .prepare(`EXPLAIN QUERY PLAN ${alt.sourceSQL}`)
        .all(...args(name), last30.from, name, ws)) {
        log(`    ${String(r.detail)}`);
      }
    } else if (store instanceof PostgresStore) {
      const q = (text: string, values: unknown[]) => store.pool.query({ text, values, rowMode: 'array' });
      const a = await median3(
        async () =>
          (
            await q(
              `SELECT customer_id, min(timestamp) AS first FROM events
               WHERE workspace_id = $1 AND name = $2 AND timestamp < $3 AND type = 'track'
               GROUP BY customer_id HAVING min(timestamp) >= $4`,
              [ws, name, last30.to, last30.from],
            )
          ).rows.length,
      );
      const alt = `SELECT e.customer_id, min(e.timestamp) FROM events e
         WHERE e.workspace_id = $1 AND e.name = $2 AND e.timestamp >= $3 AND e.timestamp < $4 AND e.type = 'track'
           AND NOT EXISTS (SELECT 1 FROM events p WHERE p.customer_id = e.customer_id AND p.timestamp < $3
             AND p.type = 'track' AND p.name = $2 AND p.workspace_id = $1)
         GROUP BY e.customer_id`;
      const b = await median3(async () => (await q(alt, args(name))).rows.length);
      log(
        `EXPERIMENT firstOccurrences(${name}): as is ${a.s.toFixed(3)} s (${a.out} rows); in-range + NOT EXISTS earlier ${b.s.toFixed(3)} s (${b.out} rows)`,
      );
      for (const r of (await store.pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${alt}`, args(name))).rows) {
        log(`    ${String(r['QUERY PLAN'])}`);
      }
    }
  }
  if (store instanceof PostgresStore) {
    const text = `SELECT customer_id, timestamp, name, value, type, stage, channel, touchpoint, campaign FROM events
      WHERE workspace_id = $1 AND timestamp >= $2 AND timestamp < $3 AND NOT internal`;
    const values = [ws, last30.from, last30.to];
    const client = await store.pool.connect();
    try {
      const run = async () => (await client.query({ text, values, rowMode: 'array' })).rows.length;
      const exec = async () => {
        const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
        return rows
          .map((r) => String(r['QUERY PLAN']))
          .filter((l) => /Scan|Execution Time|Buffers/.test(l))
          .join(' | ');
      };
      const a = await median3(run);
      const ap = await exec();
      await client.query('SET enable_seqscan = off');
      const b = await median3(run);
      const bp = await exec();
      await client.query('RESET enable_seqscan');
      log(`EXPERIMENT journey map read, planner's choice: ${a.s.toFixed(3)} s for ${a.out} rows; ${ap}`);
      log(`EXPERIMENT journey map read, enable_seqscan off: ${b.s.toFixed(3)} s; ${bp}`);
    } finally {
      client.release();
    }
  }
}

const measurements: Measurement[] = [];
try {
  const only = process.env.BENCH_ONLY;
  for (const c of CASES) {
    if (only && !c.key.includes(only)) continue;
    current = new Map();
    currentCase = c.key;
    const cold = await timed(c.run);
    const reads: ReadStat[] = [...current.values()]
      .map(({ spans, ...r }) => ({ ...r, seconds: wallSeconds(spans) }))
      .sort((a, b) => b.seconds - a.seconds);
    current = null;
    currentCase = null;
    const warmRuns: number[] = [];
    if (cold.s <= CAP_SECONDS) for (let i = 0; i < WARM_RUNS; i++) warmRuns.push((await timed(c.run)).s);
    warmRuns.sort((a, b) => a - b);
    const warm = warmRuns.length > 0 ? warmRuns[Math.floor(warmRuns.length / 2)]! : null;
    const m: Measurement = {
      key: c.key,
      cold: cold.s,
      warm,
      target: c.target,
      rows: reads.reduce((s, r) => s + r.rows, 0),
      reads,
      note: warm === null ? `${cold.note}; not repeated (over ${CAP_SECONDS} s)` : cold.note,
      peakMb: peakMb(),
    };
    measurements.push(m);
    const top = reads
      .map((r) => `${r.read} ×${r.calls} ${r.rows.toLocaleString('en-US')} rows ${r.seconds.toFixed(2)} s`)
      .join(', ');
    log(
      `  ${c.key}: cold ${cold.s.toFixed(2)} s, warm ${warm?.toFixed(2) ?? '—'} s, peak ${m.peakMb} MB (${m.note})${
        top ? ` [${top}]` : ''
      }`,
    );
  }
  if (process.env.BENCH_PLANS !== '0') await printPlans(Number(process.env.BENCH_PLANS ?? 12));
  if (process.env.BENCH_EXPERIMENTS !== '0') await experiments();
} finally {
  await store.close();
}
const result: MeasureResult = { measurements, peakRssMb: peakMb() };
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
