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

const runner = workerData.engine
  ? new EngineRunner(new Engine(store, systemClock), {
      keepAlive: true,
      onError: (error) => process.emitWarning(`lifecycle engine: ${(error as Error).stack ?? String(error)}`),
    })
  : null;
runner?.start();

parentPort!.on('message', async (request: { id: number; groups: never; now: number } | 'close') => {
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
