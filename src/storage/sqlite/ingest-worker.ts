import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../../core/index.ts';
import { Engine, EngineRunner } from '../../engine/index.ts';
import { WRITER_CACHE_MB } from './ingest-worker-settings.ts';
import { SqliteStore } from './sqlite-store.ts';

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

/**
 * Accepting events comes before processing them: while the HTTP thread holds events waiting for this
 * thread (a flood), the engine takes one step (up to 5,000 events) per this many ms instead of one after
 * every ingest, and catches up once the flood ends. Stages then lag by seconds during a flood, and the
 * writer spends its time committing what clients wait for.
 */
const FLOOD_STEP_EVERY_MS = 1000;
const queued: Int32Array = workerData.queued;
let lastFloodStep = 0;
const paused = () => {
  if (Atomics.load(queued, 0) === 0) return false;
  const now = Date.now();
  if (now - lastFloodStep < FLOOD_STEP_EVERY_MS) return true;
  lastFloodStep = now;
  return false;
};

const runner = workerData.engine
  ? new EngineRunner(new Engine(store, systemClock), {
      keepAlive: true,
      paused,
      onError: (error) => process.emitWarning(`lifecycle engine: ${(error as Error).stack ?? String(error)}`),
    })
  : null;
runner?.start();

type Request = { id: number; groups: never; now: number };

parentPort!.on('message', async (request: Request | 'close') => {
  if (request === 'close') {
    await runner?.stop();
    await store.close();
    parentPort!.close();
    return;
  }
  try {
    const outcomes = await store.ingest(request.groups, request.now);
    parentPort!.postMessage({ id: request.id, outcomes });
    runner?.kick();
  } catch (error) {
    const { message, stack, code } = error as Error & { code?: string };
    parentPort!.postMessage({ id: request.id, error: { message, stack, code } });
  }
});
