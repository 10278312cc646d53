import type { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';

/**
 * WAL frames (4 KB pages) past which the WAL should start over: 256 MB. Each restart stalls the writer
 * for two fsyncs and the copy of what the checkpointer had not copied yet, and a request that arrives
 * meanwhile waits: even with little left to copy a restart took 15–90 ms on this machine (the fsyncs).
 * At 64 MB, 18 restarts in 15 s at 22,000 ev/s put p99 latency at 108 ms; at 256 MB, 6 put it at 60 ms
 * (bench/ingest's workload). A reader only searches the part of the WAL not yet copied, so a long WAL
 * costs reads nothing; recovery after a crash reads it once.
 */
export const RESTART_PAGES = 65_536;

/**
 * What the checkpointer and the writer share, as 32-bit slots: [0] frames in the WAL, [1] frames copied,
 * after the last checkpoint; [2] checkpoints so far; [3] the writer's commits so far (`countCommit`),
 * [4] as many as it had made when the last checkpoint began.
 */
export function walProgress(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(5 * Int32Array.BYTES_PER_ELEMENT));
}

/** The writer calls this after each of its commits (see `restartWal`). */
export function countCommit(progress: Int32Array): void {
  Atomics.add(progress, 3, 1);
}

/**
 * Copies the WAL back into the database file on a thread of its own. SQLite's automatic checkpoint
 * runs inside whichever commit crosses the threshold, so under a steady stream of ingest one commit in
 * many stalled for the whole copy and its fsync; and with a small threshold every commit paid for a
 * copy of its pages. Here a PASSIVE checkpoint (it never blocks the writer) runs every `intervalMs`, and
 * the ingest connection keeps only a high automatic threshold as a safety net.
 *
 * Under a steady stream the writer keeps appending, so a PASSIVE checkpoint never catches up with the
 * end of the WAL and the WAL could never start over. That takes a RESTART checkpoint, which needs the
 * write lock. Taken from this thread, it waited for a gap between two of the writer's transactions,
 * polling every 25–100 ms (SQLite's busy handler) while the WAL grew, and then the writer waited as
 * long for it: stalls of 0.6–2 s at 14,000 ev/s. So when `progress` is given, this thread only reports
 * how far it got (frames in the WAL, frames copied) and the writer restarts the WAL itself between its
 * own transactions (`restartWal`), once little is left to copy. A pass takes a while (a copy and two
 * fsyncs), and the writer commits meanwhile, so once the WAL is due this thread starts the next pass at
 * once rather than after the interval: what a pass leaves shrinks to a commit or two, and so does the
 * writer's restart (with the rule in `restartWal`, 0.2 s of the writer's time in a flood of 1M events
 * rather than 3.8 s). Past 4 times `restartPages` (1 GB) this thread restarts it anyway, so that a writer
 * that never does cannot grow it forever.
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
const progress = workerData.progress;
let timer;
let copiedBefore = -1;
const run = () => {
  let again = false;
  try {
    const commits = progress ? Atomics.load(progress, 3) : 0;
    const r = passive.get();
    if (progress) {
      Atomics.store(progress, 1, r.checkpointed);
      Atomics.store(progress, 4, commits);
      Atomics.store(progress, 0, r.log);
      Atomics.add(progress, 2, 1);
    }
    // RESTART holds writers back for the copy of what PASSIVE left, so preferably when little is left
    // (unless the writer does it); past 4 times the threshold anyway, or the WAL could grow forever.
    const pages = workerData.restartPages;
    if (r.log > pages && ((!progress && r.log - r.checkpointed <= pages / 4) || r.log > 4 * pages)) restart.get();
    // A WAL due to start over while the writer adds to it is copied again at once: each pass copies
    // what was written during the last, so the writer soon finds a report with little left for its
    // RESTART to copy and sync. When a pass copied nothing new, the writer is idle: wait as usual.
    else again = !!progress && r.log > pages && r.checkpointed !== copiedBefore;
    copiedBefore = r.checkpointed;
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
  timer = setTimeout(run, again ? 0 : workerData.intervalMs);
};
// The first pass at once: a WAL left by an earlier run is copied before the writer adds much to it.
timer = setTimeout(run, 0);
parentPort.on('message', () => { clearTimeout(timer); db.close(); parentPort.close(); });
`;

export class Checkpointer {
  readonly #worker: Worker;

  constructor(
    file: string,
    options: {
      intervalMs?: number;
      restartPages?: number;
      /** Shared with the writer (see `walProgress`): the checkpointer reports there, the writer counts. */
      progress?: Int32Array;
      onError?: (error: string) => void;
    },
  ) {
    this.#worker = new Worker(SOURCE, {
      eval: true,
      workerData: {
        file,
        intervalMs: options.intervalMs ?? 200,
        restartPages: options.restartPages ?? RESTART_PAGES,
        progress: options.progress,
      },
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    });
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
    // After the listener: adding a 'message' listener references the worker's port again, and the
    // thread then kept any process with an open store alive (a CLI command or test that never closed it).
    this.#worker.unref();
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
    // Unreferenced so that it never keeps a process alive; referenced again to be waited for.
    this.#worker.ref();
    this.#worker.postMessage('close');
    await exited;
  }
}

/**
 * Called by the writer between its transactions: when the checkpointer has copied all but a few frames
 * of a WAL past `RESTART_PAGES`, and the writer has committed at most once since that pass began (so
 * the rest is at most that commit), a RESTART checkpoint copies the rest and lets the next transaction
 * write from the start of the file. The writer holds no lock of its own at that moment, so it never
 * waits for one; it does not wait for readers either (no busy timeout): with a read in progress the
 * checkpoint gives up and the next commit tries again. Returns true when the WAL starts over.
 */
export function restartWal(
  db: DatabaseSync,
  progress: Int32Array,
  busyTimeoutMs: number,
  restartPages = RESTART_PAGES,
): boolean {
  const log = Atomics.load(progress, 0);
  const copied = Atomics.load(progress, 1);
  if (log <= restartPages || log - copied > restartPages / 16) return false;
  // What the checkpointer has not copied is what the writer committed since its pass began: with more
  // than one commit to copy and sync, a RESTART stalled the writer for up to 100 ms. A later report
  // will do, unless the WAL has grown by half again (before the writer's own automatic checkpoint at
  // 400 MB would make every commit copy and sync).
  const since = Atomics.load(progress, 3) - Atomics.load(progress, 4);
  if (since > 1 && log <= 1.5 * restartPages) return false;
  // Until the checkpointer reports again, what it said is out of date either way.
  Atomics.store(progress, 0, 0);
  db.exec('PRAGMA busy_timeout = 0');
  try {
    const r = db.prepare('PRAGMA wal_checkpoint(RESTART)').get();
    return Number(r?.busy) === 0;
  } finally {
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
  }
}
