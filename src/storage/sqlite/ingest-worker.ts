import { parentPort, workerData } from 'node:worker_threads';
import { SqliteStore } from './sqlite-store.ts';

/**
 * The ingest thread: its own connection to the same SQLite file, running the ingest transactions so
 * that the HTTP thread keeps parsing and validating the next requests while this one writes.
 * Checkpoints are the checkpointer thread's job; the automatic one here is only a safety net that
 * bounds the WAL (400 MB) should that thread fall behind.
 */
const store = new SqliteStore(workerData.file, {
  ...workerData.options,
  cacheMb: 32,
  walAutocheckpointPages: 100_000,
  ingestThread: false,
});

parentPort!.on('message', async (request: { id: number; groups: never; now: number } | 'close') => {
  if (request === 'close') {
    await store.close();
    parentPort!.close();
    return;
  }
  try {
    const outcomes = await store.ingest(request.groups, request.now);
    parentPort!.postMessage({ id: request.id, outcomes });
  } catch (error) {
    const { message, stack, code } = error as Error & { code?: string };
    parentPort!.postMessage({ id: request.id, error: { message, stack, code } });
  }
});
