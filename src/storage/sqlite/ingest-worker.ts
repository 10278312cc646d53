import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../../core/index.ts';
import { EngineRunner } from '../../engine/index.ts';
import { engineWithJourneys } from '../engine-with-journeys.ts';
import { countCommit, restartWal } from './checkpointer.ts';
import { FloodGate } from './flood-gate.ts';
import { WRITER_CACHE_MB } from './ingest-worker-settings.ts';
import { BUSY_TIMEOUT_MS, SqliteStore } from './sqlite-store.ts';

/**
 * The writer thread: its own connection to the same SQLite file, running the ingest transactions so
 * that the HTTP thread keeps parsing and validating the next requests while this one writes, and the
 * lifecycle engine's steps right after them (one writer, so the two never wait on each other's lock).
 * Checkpoints are the checkpointer thread's job; the automatic one here is only a safety net that
 * bounds the WAL (400 MB) should that thread fall behind.
 */
const store = new SqliteStore(workerData.file, {
  ...workerData.options,
  cacheMb: WRITER_CACHE_MB,
  walAutocheckpointPages: 100_000,
  ingestThread: false,
});

// Accepting events comes before processing them (see FloodGate): the HTTP thread keeps the count of
// events waiting for this thread (held by its group commit, or posted here and not yet begun) in memory
// shared with it, read before each engine step.
const queued: Int32Array = workerData.queued;
const walProgress: Int32Array = workerData.walProgress;
// The checkpointer notes how many commits the writer had made when a pass began (see `restartWal`).
store.onCommit = () => countCommit(walProgress);
const gate = new FloodGate({
  waiting: () => Atomics.load(queued, 0) + Atomics.load(queued, 1),
  now: () => performance.now(),
});

const runner = workerData.engine
  ? new EngineRunner(engineWithJourneys(store, systemClock).engine, {
      keepAlive: true,
      paused: () => gate.paused(),
      stepSize: () => gate.stepSize(),
      onError: (error) => process.emitWarning(`lifecycle engine: ${(error as Error).stack ?? String(error)}`),
    })
  : null;
runner?.start();

type Request = { id: number; groups: never; now: number; events: number };

parentPort!.on('message', async (request: Request | 'close') => {
  if (request === 'close') {
    await runner?.stop();
    await store.close();
    parentPort!.close();
    return;
  }
  Atomics.sub(queued, 1, request.events);
  try {
    // Before and after: with no commit since the checkpointer's last pass began, a restart has
    // nothing to copy or sync.
    restartWal(store.db, walProgress, BUSY_TIMEOUT_MS);
    const started = performance.now();
    const outcomes = await store.ingest.commit(request.groups, request.now);
    gate.ingested(performance.now() - started);
    parentPort!.postMessage({ id: request.id, outcomes });
    restartWal(store.db, walProgress, BUSY_TIMEOUT_MS);
    runner?.kick();
  } catch (error) {
    const { message, stack, code } = error as Error & { code?: string };
    parentPort!.postMessage({ id: request.id, error: { message, stack, code } });
  }
});
