/**
 * The server as it runs in production, a child process on a SQLite file, killed in the middle of a
 * stream of concurrent batches: whatever it acknowledged with a 200 is on disk exactly once after a
 * restart, and clients retrying everything they sent add nothing twice. A SIGTERM drains and exits 0.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, test } from 'node:test';

const ROOT = path.join(import.meta.dirname, '..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');
const WRITE_KEY = 'wk_crash_test_0123456789';
const SECRET_KEY = 'sk_crash_test_0123456789';
const AUTH = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;
const CLIENTS = 4;
const BATCH_SIZE = 25;

const dirs: string[] = [];
const children: ChildProcess[] = [];

after(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDb(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopline-crash-'));
  dirs.push(dir);
  return path.join(dir, 'loopline.db');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

type Running = {
  base: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
};

/** `loopline start` in a child process on `db`; resolves once /healthz answers. */
async function startServer(db: string): Promise<Running> {
  const port = await freePort();
  const child = spawn(NODE, ['src/cli/main.ts', 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOOPLINE_DB: db,
      LOOPLINE_PORT: String(port),
      LOOPLINE_HOST: '127.0.0.1',
      LOOPLINE_WRITE_KEY: WRITE_KEY,
      LOOPLINE_SECRET_KEY: SECRET_KEY,
      LOOPLINE_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  let last = '';
  for (;;) {
    if (child.exitCode !== null)
      assert.fail(`server exited with ${child.exitCode} before it was healthy:\n${output}`);
    try {
      const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1_000) });
      last = `${response.status} ${await response.text()}`;
      if (response.status === 200) break;
    } catch (error) {
      last = String((error as Error).cause ?? error); // not listening yet
    }
    if (Date.now() > deadline) assert.fail(`server on ${base} not healthy within 20 s (${last}):\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { base, child, exited, output: () => output };
}

type Message = Record<string, unknown> & { messageId: string };

/** A batch that exercises identity resolution too: repeat users, new anonymous ids, identify and track. */
function makeBatch(client: number, n: number): Message[] {
  return Array.from({ length: BATCH_SIZE }, (_, i) => {
    const messageId = `c${client}-b${n}-m${i}-${randomUUID()}`;
    const who = { userId: `user-${client}-${(n + i) % 40}`, anonymousId: `anon-${client}-${n}` };
    return i % 5 === 0
      ? { type: 'identify', messageId, ...who, traits: { plan: i % 2 ? 'pro' : 'free', n } }
      : { type: 'track', messageId, ...who, event: 'Clicked', properties: { n, i } };
  });
}

type Traffic = {
  sent: Map<string, Message>;
  acked: Set<string>;
  inFlight: number;
  stopped: boolean;
};

async function post(base: string, batch: Message[]): Promise<Response> {
  return fetch(`${base}/v1/batch`, {
    method: 'POST',
    headers: { authorization: AUTH, 'content-type': 'application/json' },
    body: JSON.stringify({ batch, sentAt: new Date().toISOString() }),
  });
}

/** One client sending batches back to back until told to stop or the server goes away. */
async function client(base: string, id: number, traffic: Traffic): Promise<void> {
  for (let n = 0; !traffic.stopped; n++) {
    const batch = makeBatch(id, n);
    for (const m of batch) traffic.sent.set(m.messageId, m);
    traffic.inFlight++;
    try {
      const response = await post(base, batch);
      if (response.status === 200) {
        const body = (await response.json()) as { stored: number; duplicates: number };
        assert.equal(body.stored + body.duplicates, batch.length);
        for (const m of batch) traffic.acked.add(m.messageId);
      } else {
        await response.arrayBuffer();
        if (response.status === 503) return; // shutting down
      }
    } catch {
      return; // connection refused or reset: the server is gone
    } finally {
      traffic.inFlight--;
    }
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** How many times each messageId is in the events table, read from the file itself. */
function storedCounts(db: string): Map<string, number> {
  const sqlite = new DatabaseSync(db);
  try {
    const rows = sqlite
      .prepare('SELECT message_id AS id, COUNT(*) AS n FROM events WHERE internal = 0 GROUP BY message_id')
      .all();
    return new Map(rows.map((r) => [String(r.id), Number(r.n)]));
  } finally {
    sqlite.close();
  }
}

function assertAckedStoredOnce(stored: Map<string, number>, traffic: Traffic): void {
  const missing = [...traffic.acked].filter((id) => stored.get(id) !== 1);
  assert.deepEqual(
    missing.slice(0, 10),
    [],
    `${missing.length} acknowledged messages not stored exactly once`,
  );
  const invented = [...stored.keys()].filter((id) => !traffic.sent.has(id));
  assert.deepEqual(invented.slice(0, 10), [], 'the store holds only messages that were sent');
}

/** Sends messages again in batches, as an SDK retrying them would; returns how many were new. */
async function resend(base: string, messages: Message[]): Promise<number> {
  let stored = 0;
  for (let i = 0; i < messages.length; i += 200) {
    const batch = messages.slice(i, i + 200);
    const response = await post(base, batch);
    const body = (await response.json()) as { stored: number; duplicates: number };
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.equal(body.stored + body.duplicates, batch.length);
    stored += body.stored;
  }
  return stored;
}

test('SIGKILL mid-stream loses nothing acknowledged, and retries after restart add no duplicates', async (t) => {
  const db = tempDb();
  const first = await startServer(db);
  const traffic: Traffic = { sent: new Map(), acked: new Set(), inFlight: 0, stopped: false };
  const clients = Array.from({ length: CLIENTS }, (_, id) => client(first.base, id, traffic));

  await until(() => traffic.acked.size >= 2_000, 'the first 2000 acknowledgements');
  assert.ok(traffic.inFlight > 0, 'requests are in flight when the server is killed');
  first.child.kill('SIGKILL');
  assert.equal((await first.exited).signal, 'SIGKILL');
  traffic.stopped = true;
  await Promise.all(clients);
  const ackedAtKill = traffic.acked.size;

  const second = await startServer(db);
  try {
    const afterRestart = storedCounts(db);
    assertAckedStoredOnce(afterRestart, traffic);
    const storedAtRestart = [...afterRestart.values()].reduce((a, b) => a + b, 0);
    t.diagnostic(
      `sent ${traffic.sent.size}, acknowledged ${ackedAtKill}, on disk after the kill ${storedAtRestart}`,
    );

    // The clients retry everything that got a 200: all duplicates.
    const acked = [...traffic.acked].map((id) => traffic.sent.get(id)!);
    assert.equal(await resend(second.base, acked), 0, 'no acknowledged message is stored twice');
    const afterRetry = storedCounts(db);
    assert.equal(
      [...afterRetry.values()].reduce((a, b) => a + b, 0),
      storedAtRestart,
    );
    assertAckedStoredOnce(afterRetry, traffic);

    // ...and everything that did not: each is then stored exactly once, whether or not it was before.
    const unacked = [...traffic.sent.values()].filter((m) => !traffic.acked.has(m.messageId));
    await resend(second.base, unacked);
    const final = storedCounts(db);
    for (const id of traffic.sent.keys()) assert.equal(final.get(id), 1, `${id} stored once after retries`);
    assert.equal(final.size, traffic.sent.size);
    assert.ok(ackedAtKill >= 2_000);

    // The restarted server reads the same data through the admin API.
    const response = await fetch(`${second.base}/api/v1/events?limit=1`, {
      headers: { authorization: `Bearer ${SECRET_KEY}` },
    });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { items: unknown[] }).items.length, 1);
  } finally {
    second.child.kill('SIGTERM');
    const { code } = await second.exited;
    assert.equal(code, 0, second.output());
  }
});

test('SIGTERM mid-stream drains, exits 0 and keeps everything acknowledged', async () => {
  const db = tempDb();
  const server = await startServer(db);
  const traffic: Traffic = { sent: new Map(), acked: new Set(), inFlight: 0, stopped: false };
  const clients = Array.from({ length: CLIENTS }, (_, id) => client(server.base, id, traffic));

  await until(() => traffic.acked.size >= 1_000, 'the first 1000 acknowledgements');
  assert.ok(traffic.inFlight > 0, 'requests are in flight when the server is told to stop');
  server.child.kill('SIGTERM');
  const exit = await server.exited;
  traffic.stopped = true;
  await Promise.all(clients);
  assert.deepEqual(exit, { code: 0, signal: null }, server.output());

  const stored = storedCounts(db);
  assertAckedStoredOnce(stored, traffic);
  assert.ok(stored.size >= traffic.acked.size);
});
