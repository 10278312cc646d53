import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import type { JsonObject, Message } from '../core/index.ts';
import { AppError, ManualClock } from '../core/index.ts';
import { DEFAULT_IDENTITY_SETTINGS, type IngestOutcome } from '../identity/index.ts';
import { SqliteStore } from '../storage/index.ts';
import { tempStore } from '../testing/index.ts';
import type { IngestGroup, IngestStorage } from './index.ts';
import { IngestWriter } from './writer.ts';

const S = DEFAULT_IDENTITY_SETTINGS;
const T = Date.parse('2026-01-01T00:00:00Z');

/** `n` track messages of one user, with message ids `<prefix>-0`, `<prefix>-1`, ... */
function messages(prefix: string, n: number, payload: JsonObject = {}): Message[] {
  return Array.from({ length: n }, (_, i) => ({
    messageId: `${prefix}-${i}`,
    type: 'track' as const,
    userId: `${prefix}-user`,
    anonymousId: null,
    name: 'Tick',
    timestamp: T + i,
    receivedAt: T + i,
    payload,
  }));
}

/**
 * The real SQLite store with a gate in front of `ingest`: while the gate is shut, a flush that reached
 * the store waits there, so a test can act while a flush is in progress.
 */
class GatedStore extends SqliteStore {
  calls = 0;
  /** What the writer reported waiting behind its transactions, in order. */
  waiting: number[] = [];
  // The base class's commit, taken before the field below replaces it.
  readonly #base: IngestStorage = (this as SqliteStore).ingest;
  override readonly ingest: IngestStorage = { commit: (groups, now) => this.#commit(groups, now) };
  #gate: Promise<void> | null = null;
  #open: () => void = () => {};
  #arrived: (() => void)[] = [];

  shut(): void {
    this.#gate = new Promise((resolve) => {
      this.#open = resolve;
    });
  }
  open(): void {
    this.#gate = null;
    this.#open();
  }
  /** Resolves when the next flush reaches the shut gate. */
  arrival(): Promise<void> {
    return new Promise((resolve) => this.#arrived.push(resolve));
  }
  override ingestWaiting(events: number): void {
    this.waiting.push(events);
    super.ingestWaiting(events);
  }
  async #commit(groups: IngestGroup[], now: number): Promise<IngestOutcome[]> {
    this.calls++;
    const gate = this.#gate;
    if (gate) {
      for (const arrived of this.#arrived.splice(0)) arrived();
      await gate;
    }
    return this.#base.commit(groups, now);
  }
}

/** A gated store that, like the SQLite store with its writer thread, takes two transactions at once. */
class PipelinedStore extends GatedStore {
  override get ingestPipeline(): number {
    return 2;
  }
}

async function setup(options: { queueMax?: number; batchMax?: number; pipelined?: boolean } = {}) {
  const temp = await tempStore((file) =>
    options.pipelined ? new PipelinedStore(file) : new GatedStore(file),
  );
  const { store } = temp;
  const workspace = await store.workspaces.create('w', { identity: S }, T);
  const flushes: { events: number; groups: number }[] = [];
  const errors: unknown[] = [];
  const writer = new IngestWriter(store.ingest, new ManualClock(T), {
    queueMax: options.queueMax ?? 50_000,
    batchMax: options.batchMax ?? 5_000,
    pipeline: store.ingestPipeline,
    hooks: {
      onFlush: (events, groups) => flushes.push({ events, groups }),
      onError: (e) => errors.push(e),
      onWaiting: (events) => store.ingestWaiting(events),
    },
  });
  /** Events as another connection sees them: only what is committed. */
  const committed = (): number => {
    const db = new DatabaseSync(temp.file, { readOnly: true });
    try {
      return Number(db.prepare('SELECT count(*) AS n FROM events').get()!.n);
    } finally {
      db.close();
    }
  };
  return { ...temp, workspace, writer, flushes, errors, committed };
}

/** Tracks whether a promise has settled yet. */
function watch<T>(promise: Promise<T>) {
  const state = { settled: false, promise };
  promise.then(
    () => {
      state.settled = true;
    },
    () => {
      state.settled = true;
    },
  );
  return state;
}

const ticks = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

// A timeout turns a writer that never answers into a failure instead of a hung run.
describe('IngestWriter', { timeout: 10_000 }, () => {
  test('concurrent submits are committed together, in fewer transactions than requests', async (t) => {
    const { store, workspace, writer, flushes, committed, cleanup } = await setup();
    t.after(cleanup);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => writer.submit(workspace.id, messages(`r${i}`, 3), S)),
    );
    assert.deepEqual(outcomes, Array(20).fill({ inserted: 3, duplicates: 0 }));
    assert.equal(writer.stats.flushes, 1, 'requests queued in the same tick share one transaction');
    assert.equal(store.calls, 1);
    assert.deepEqual(flushes, [{ events: 60, groups: 20 }]);
    assert.equal(committed(), 60);
    assert.equal(writer.queuedEvents, 0);
  });

  test('requests that arrive during a flush all go into the next one', async (t) => {
    const { store, workspace, writer, flushes, cleanup } = await setup();
    t.after(cleanup);
    store.shut();
    const arrived = store.arrival();
    const first = writer.submit(workspace.id, messages('first', 2), S);
    await arrived;
    const later = Array.from({ length: 10 }, (_, i) => writer.submit(workspace.id, messages(`l${i}`, 1), S));
    assert.equal(writer.queuedEvents, 12);
    store.open();
    await Promise.all([first, ...later]);
    assert.equal(writer.stats.flushes, 2);
    assert.deepEqual(flushes, [
      { events: 2, groups: 1 },
      { events: 10, groups: 10 },
    ]);
  });

  test('tells the store how many events wait behind the transaction in flight', async (t) => {
    const { store, workspace, writer, cleanup } = await setup();
    t.after(cleanup);
    store.shut();
    const arrived = store.arrival();
    const first = writer.submit(workspace.id, messages('first', 2), S);
    await arrived;
    // The first request is in the transaction: nothing waits behind it.
    assert.deepEqual(store.waiting, [2, 0]);
    const later = [
      writer.submit(workspace.id, messages('a', 3), S),
      writer.submit(workspace.id, messages('b', 4), S),
    ];
    assert.deepEqual(store.waiting, [2, 0, 3, 7]);
    store.open();
    await Promise.all([first, ...later]);
    // Both later requests went into the next transaction together, leaving nothing waiting.
    assert.deepEqual(store.waiting, [2, 0, 3, 7, 0]);
  });

  test('a transaction takes at most batchMax events, but never splits a request', async (t) => {
    const { workspace, writer, flushes, committed, cleanup } = await setup({ batchMax: 10 });
    t.after(cleanup);
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => writer.submit(workspace.id, messages(`r${i}`, 4), S)),
    );
    assert.deepEqual(
      flushes.map((f) => f.events),
      [8, 8, 4],
    );
    await writer.submit(workspace.id, messages('big', 15), S);
    assert.deepEqual(flushes.at(-1), { events: 15, groups: 1 });
    assert.equal(writer.stats.lastFlushEvents, 15);
    assert.equal(committed(), 35);
  });

  test('a submit resolves only once its messages are committed and readable', async (t) => {
    const { store, workspace, writer, committed, cleanup } = await setup();
    t.after(cleanup);
    store.shut();
    const arrived = store.arrival();
    const pending = watch(writer.submit(workspace.id, messages('m', 3), S));
    await arrived;
    await ticks();
    assert.equal(pending.settled, false);
    assert.equal(committed(), 0);
    store.open();
    let seenAtResolve = -1;
    const outcome = await pending.promise.then((o) => {
      seenAtResolve = committed();
      return o;
    });
    assert.deepEqual(outcome, { inserted: 3, duplicates: 0 });
    assert.equal(seenAtResolve, 3, 'another connection sees the rows when the promise resolves');
    const events = await store.customers.events(workspace.id, { limit: 10 });
    assert.deepEqual(events.items.map((e) => e.messageId).sort(), ['m-0', 'm-1', 'm-2']);
  });

  test('past queueMax waiting events, submit refuses with too_many_requests while a flush runs', async (t) => {
    const { store, workspace, writer, committed, cleanup } = await setup({ queueMax: 10 });
    t.after(cleanup);
    store.shut();
    const arrived = store.arrival();
    const a = writer.submit(workspace.id, messages('a', 6), S);
    await arrived;
    const b = writer.submit(workspace.id, messages('b', 4), S);
    const c = watch(writer.submit(workspace.id, messages('c', 1), S));
    await ticks(1);
    assert.equal(c.settled, true, 'refused at once, not queued');
    await assert.rejects(c.promise, (error) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'too_many_requests');
      assert.equal(error.status, 429);
      return true;
    });
    assert.equal(writer.queuedEvents, 10);
    store.open();
    assert.deepEqual(await Promise.all([a, b]), [
      { inserted: 6, duplicates: 0 },
      { inserted: 4, duplicates: 0 },
    ]);
    assert.equal(committed(), 10, 'the refused request stored nothing');
    assert.deepEqual(await writer.submit(workspace.id, messages('c', 1), S), { inserted: 1, duplicates: 0 });
  });

  test('one request larger than queueMax is taken when nothing else waits', async (t) => {
    const { workspace, writer, committed, cleanup } = await setup({ queueMax: 10 });
    t.after(cleanup);
    assert.deepEqual(await writer.submit(workspace.id, messages('big', 25), S), {
      inserted: 25,
      duplicates: 0,
    });
    assert.equal(committed(), 25);
  });

  test('replayed messages are reported as duplicates, in later and in concurrent requests', async (t) => {
    const { store, workspace, writer, committed, cleanup } = await setup();
    t.after(cleanup);
    assert.deepEqual(await writer.submit(workspace.id, messages('m', 3), S), { inserted: 3, duplicates: 0 });
    assert.deepEqual(await writer.submit(workspace.id, messages('m', 3), S), { inserted: 0, duplicates: 3 });
    const twice = [...messages('n', 1), ...messages('n', 1)];
    assert.deepEqual(await writer.submit(workspace.id, twice, S), { inserted: 1, duplicates: 1 });
    const flushes = writer.stats.flushes;
    assert.deepEqual(
      await Promise.all([
        writer.submit(workspace.id, messages('p', 2), S),
        writer.submit(workspace.id, messages('p', 2), S),
      ]),
      [
        { inserted: 2, duplicates: 0 },
        { inserted: 0, duplicates: 2 },
      ],
    );
    assert.equal(writer.stats.flushes, flushes + 1, 'both requests shared one transaction');
    assert.equal(committed(), 6);
    // Message ids are unique per workspace: the same ids in another workspace are new.
    const other = await store.workspaces.create('other', { identity: S }, T);
    assert.deepEqual(await writer.submit(other.id, messages('m', 3), S), { inserted: 3, duplicates: 0 });
  });

  test('a request that fails does not fail the others that shared its transaction', async (t) => {
    const { workspace, writer, errors, committed, flushes, cleanup } = await setup();
    t.after(cleanup);
    // A payload that cannot be serialised makes the insert throw inside the transaction.
    const broken = messages('bad', 1, { properties: { n: 1n } as never });
    const results = await Promise.allSettled([
      writer.submit(workspace.id, messages('good', 2), S),
      writer.submit(workspace.id, broken, S),
      writer.submit(workspace.id, messages('fine', 1), S),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.equal(committed(), 3);
    assert.ok(errors.length >= 1, 'the failure is reported to the error hook');
    assert.equal(writer.queuedEvents, 0);
    // Only commits are flushes: the failed shared transaction and the failed retry are not.
    assert.deepEqual(flushes, [
      { events: 2, groups: 1 },
      { events: 1, groups: 1 },
    ]);
    assert.equal(writer.stats.flushes, 2);
  });

  test('a store that takes two transactions gets the next while the first commits, and no more', async (t) => {
    const { store, workspace, writer, flushes, committed, cleanup } = await setup({ pipelined: true });
    t.after(cleanup);
    store.shut();
    let arrived = store.arrival();
    const a = watch(writer.submit(workspace.id, messages('a', 2), S));
    await arrived;
    arrived = store.arrival();
    const b = watch(writer.submit(workspace.id, messages('b', 3), S));
    await arrived;
    assert.equal(store.calls, 2, 'the second transaction is handed over while the first is in progress');
    const later = Array.from({ length: 4 }, (_, i) =>
      watch(writer.submit(workspace.id, messages(`l${i}`, 1), S)),
    );
    await ticks();
    assert.equal(store.calls, 2, 'a third waits for one of the two to finish');
    const closing = watch(writer.close());
    store.open();
    await closing.promise;
    assert.ok(a.settled && b.settled && later.every((l) => l.settled));
    assert.deepEqual(flushes, [
      { events: 2, groups: 1 },
      { events: 3, groups: 1 },
      { events: 4, groups: 4 },
    ]);
    assert.equal(committed(), 9);
  });

  test('close() commits what is queued, then refuses new submits', async (t) => {
    const { store, workspace, writer, committed, cleanup } = await setup();
    t.after(cleanup);
    store.shut();
    const arrived = store.arrival();
    const inFlight = watch(writer.submit(workspace.id, messages('a', 2), S));
    await arrived;
    const queued = Array.from({ length: 5 }, (_, i) =>
      watch(writer.submit(workspace.id, messages(`q${i}`, 2), S)),
    );
    const closing = watch(writer.close());
    await ticks();
    assert.equal(closing.settled, false, 'close waits for the flush in progress');
    await assert.rejects(writer.submit(workspace.id, messages('late', 1), S), (error) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'unavailable');
      return true;
    });
    store.open();
    await closing.promise;
    assert.ok(inFlight.settled && queued.every((q) => q.settled), 'every queued request is answered');
    assert.equal(committed(), 12);
    await assert.rejects(writer.submit(workspace.id, messages('later', 1), S), { code: 'unavailable' });
  });
});
