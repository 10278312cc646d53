import { Worker } from 'node:worker_threads';

/**
 * Copies the WAL back into the database file on a thread of its own. SQLite's automatic checkpoint
 * runs inside whichever commit crosses the threshold, so under a steady stream of ingest one commit in
 * many stalled for the whole copy and its fsync; and with a small threshold every commit paid for a
 * copy of its pages. Here a PASSIVE checkpoint (it never blocks the writer) runs every `intervalMs`, and
 * the ingest connection keeps only a high automatic threshold as a safety net.
 *
 * Under a steady stream the writer keeps appending, so a PASSIVE checkpoint never catches up with the
 * end of the WAL and the WAL could never start over. Past `restartPages` (16 MB) a RESTART checkpoint holds
 * the writer back while it copies the last frames and lets the next commit write from the start of the
 * file again: once PASSIVE has copied all but a quarter of that, so that the hold stays short, and in
 * any case past 16 times that (256 MB), so that a writer faster than PASSIVE cannot grow it forever.
 *
 * The thread runs a few lines of plain JavaScript (no TypeScript to strip), so it costs little memory.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.file);
// FULL: a checkpoint syncs the WAL before copying it, which is what makes NORMAL-mode commits durable.
db.exec('PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL');
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const restart = db.prepare('PRAGMA wal_checkpoint(RESTART)');
const timer = setInterval(() => {
  try {
    const r = passive.get();
    // RESTART holds writers back for the copy of what PASSIVE left, so preferably when little is left;
    // past 16 times the threshold anyway, or a writer faster than PASSIVE would grow the WAL forever.
    const pages = workerData.restartPages;
    if (r.log > pages && (r.log - r.checkpointed <= pages / 4 || r.log > 16 * pages)) restart.get();
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export class Checkpointer {
  readonly #worker: Worker;

  constructor(
    file: string,
    options: {
      intervalMs?: number;
      restartPages?: number;
      onError?: (error: string) => void;
    },
  ) {
    this.#worker = new Worker(SOURCE, {
      eval: true,
      workerData: {
        file,
        intervalMs: options.intervalMs ?? 200,
        restartPages: options.restartPages ?? 4096,
      },
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    });
    this.#worker.unref();
    // A failing checkpoint lets the WAL grow until the writer's own safety net checkpoints it: worth
    // saying, once per distinct error rather than every interval.
    let last = '';
    const report =
      options.onError ??
      ((error: string) => {
        if (error !== last) process.emitWarning(`SQLite checkpoint failed: ${error}`);
        last = error;
      });
    this.#worker.on('message', (m: { error: string }) => report(m.error));
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
    // Unreferenced so that it never keeps a process alive; referenced again to be waited for.
    this.#worker.ref();
    this.#worker.postMessage('close');
    await exited;
  }
}
