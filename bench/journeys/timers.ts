/**
 * bench/journeys timers: BENCH_WAITING (1,000,000) customers waiting in one journey, in the real server
 * (`loopline start`, a child process, SQLite). Every customer signs up through /v1/batch and enters in
 * the engine step that takes their event in; the server's RSS is read while they all wait. Then their
 * timers are made due at once (the bench moves the stored wake times to now, with the server stopped,
 * as if a day had passed) and the server starts again: how fast the timers fire (each wake walks a
 * branch, a split or an A/B draw and a second wait, so it records several journey steps) and the
 * server's RSS meanwhile. Used by bench/journeys/run.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { rssMb, startServer, stopServer } from '../ingest/server-process.ts';
import { api, postBatch, sleep } from './server-api.ts';

export type TimerFigures = {
  waiting: number;
  enrolSeconds: number;
  idleRssMb: number;
  fireSeconds: number;
  firedPerSecond: number;
  stepsPerSecond: number;
  peakRssMb: number;
};

/** Waits, then a branch, a split or an A/B draw, then a second wait: a wake walks four nodes. */
export const TIMED_JOURNEY = {
  key: 'bench-timers',
  name: 'Bench timers',
  trigger: { kind: 'event', event: 'Signed Up' },
  entry: { mode: 'once' },
  start: 'first',
  nodes: [
    { id: 'first', kind: 'wait', duration: '1 day', next: 'plan' },
    { id: 'plan', kind: 'branch', rule: 'trait plan = "pro"', yes: 'size', no: 'ab' },
    {
      id: 'size',
      kind: 'split',
      cases: [{ rule: 'trait seats > 10', next: 'second' }],
      otherwise: 'second',
    },
    {
      id: 'ab',
      kind: 'random',
      variants: [
        { key: 'a', weight: 1, next: 'second' },
        { key: 'b', weight: 1, next: 'second' },
      ],
    },
    { id: 'second', kind: 'wait', duration: '1 day', next: null },
  ],
};

/** Posts `count` signups in batches of 500, 8 requests in flight. */
async function signUps(url: string, count: number): Promise<void> {
  const BATCH = 500;
  let next = 0;
  const client = async () => {
    while (next < count) {
      const from = next;
      next += BATCH;
      const batch = Array.from({ length: Math.min(BATCH, count - from) }, (_, i) => {
        const n = from + i;
        return [
          {
            type: 'identify',
            userId: `w${n}`,
            traits: { plan: n % 3 === 0 ? 'pro' : 'free', seats: n % 20 },
          },
          { type: 'track', userId: `w${n}`, event: 'Signed Up' },
        ];
      }).flat();
      await postBatch(url, batch);
    }
  };
  await Promise.all(Array.from({ length: 8 }, client));
}

/** Polls `count()` until it reaches `target`, reading the server's RSS meanwhile; returns seconds and peak RSS. */
async function until(
  count: () => number,
  target: number,
  pid: number,
  label: string,
): Promise<{ seconds: number; peak: number }> {
  const started = performance.now();
  let peak = 0;
  let last = -1;
  let lastChange = performance.now();
  for (;;) {
    peak = Math.max(peak, rssMb(pid));
    const n = count();
    if (n >= target) return { seconds: (performance.now() - started) / 1000, peak };
    if (n !== last) {
      last = n;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > 120_000)
      throw new Error(`${label}: stuck at ${n} of ${target}`);
    await sleep(250);
  }
}

export async function benchTimers(waiting: number, log: (line: string) => void): Promise<TimerFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopline-bench-timers-'));
  const file = path.join(dir, 'bench.db');
  try {
    let server = await startServer({ LOOPLINE_DB: file });
    const created = (await api(server.url, 'POST', '/journeys', { document: TIMED_JOURNEY })) as {
      id: number;
    };
    await api(server.url, 'POST', `/journeys/${created.id}/publish`);
    const db = new DatabaseSync(file, { readOnly: true });
    const atNode = db.prepare(
      "SELECT count(*) AS n FROM journey_entries WHERE journey_id = ? AND node = ? AND status <> 'ended'",
    );
    const count = (node: string) => Number((atNode.get(created.id, node) as { n: number }).n);

    log(`timers: ${waiting.toLocaleString('en-US')} signups…`);
    const started = performance.now();
    await signUps(server.url, waiting);
    await until(() => count('first'), waiting, server.child.pid!, 'enrolment');
    const enrolSeconds = (performance.now() - started) / 1000;
    await sleep(3000);
    const idleRssMb = rssMb(server.child.pid!);
    log(
      `timers: ${waiting} waiting after ${enrolSeconds.toFixed(1)} s; server RSS ${idleRssMb.toFixed(0)} MB`,
    );
    await stopServer(server.child);

    // A day passes: every timer is due now.
    const rw = new DatabaseSync(file);
    const now = Date.now();
    rw.prepare("UPDATE jobs SET run_at = ? WHERE kind = 'journey.wake'").run(now);
    rw.prepare('UPDATE journey_entries SET wake_at = ? WHERE journey_id = ? AND wake_at IS NOT NULL').run(
      now,
      created.id,
    );
    const stepsBefore = Number(
      (rw.prepare('SELECT count(*) AS n FROM journey_steps').get() as { n: number }).n,
    );
    rw.close();

    server = await startServer({ LOOPLINE_DB: file });
    const fired = await until(() => count('second'), waiting, server.child.pid!, 'timers');
    const stepsAfter = Number(
      (db.prepare('SELECT count(*) AS n FROM journey_steps').get() as { n: number }).n,
    );
    db.close();
    await stopServer(server.child);
    const figures = {
      waiting,
      enrolSeconds,
      idleRssMb,
      fireSeconds: fired.seconds,
      firedPerSecond: waiting / fired.seconds,
      stepsPerSecond: (stepsAfter - stepsBefore) / fired.seconds,
      peakRssMb: fired.peak,
    };
    log(
      `timers: fired in ${fired.seconds.toFixed(1)} s (${Math.round(figures.firedPerSecond)}/s, ` +
        `${Math.round(figures.stepsPerSecond)} steps/s), peak RSS ${fired.peak.toFixed(0)} MB`,
    );
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
