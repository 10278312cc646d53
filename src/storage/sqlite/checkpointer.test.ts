import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { Checkpointer, restartWal, walProgress } from './checkpointer.ts';

/** A small threshold, so that the tests write a few MB rather than the server's 256 MB. */
const PAGES = 1024;

/** A WAL database with a writer and a second connection in the checkpointer's place. */
function setup(t: { after: (fn: () => void) => void }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopline-wal-'));
  const file = path.join(dir, 'wal.db');
  const writer = new DatabaseSync(file);
  writer.exec(`PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; PRAGMA busy_timeout = 5000;
    CREATE TABLE t (id INTEGER PRIMARY KEY, pad BLOB)`);
  const checkpointer = new DatabaseSync(file);
  checkpointer.exec('PRAGMA busy_timeout = 5000');
  const progress = walProgress();
  /** A PASSIVE checkpoint, reported as the checkpointer thread reports it. */
  const passive = () => {
    const r = checkpointer.prepare('PRAGMA wal_checkpoint(PASSIVE)').get()!;
    Atomics.store(progress, 1, Number(r.checkpointed));
    Atomics.store(progress, 0, Number(r.log));
    return { log: Number(r.log), copied: Number(r.checkpointed) };
  };
  /** Writes about `pages` pages of new rows in one transaction. */
  const write = (pages: number) => {
    const insert = writer.prepare('INSERT INTO t (pad) VALUES (randomblob(3500))');
    writer.exec('BEGIN');
    for (let i = 0; i < pages; i++) insert.run();
    writer.exec('COMMIT');
  };
  t.after(() => {
    writer.close();
    checkpointer.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { writer, checkpointer, progress, passive, write };
}

test('the writer restarts a WAL the checkpointer has copied, and the next commit writes from its start', (t) => {
  const { writer, progress, passive, write } = setup(t);
  write(PAGES + 200);
  assert.ok(passive().log > PAGES);
  assert.equal(restartWal(writer, progress, 5000, PAGES), true);
  write(10);
  const after = passive();
  assert.ok(after.log < 100, `the WAL started over (${after.log} frames)`);
  assert.equal(writer.prepare('SELECT count(*) AS n FROM t').get()!.n, PAGES + 210);
});

test('no restart while the WAL is short or much of it is not copied yet', (t) => {
  const { writer, progress, passive, write } = setup(t);
  write(100);
  passive();
  assert.equal(restartWal(writer, progress, 5000, PAGES), false, 'a short WAL is left as it is');
  write(PAGES);
  // The checkpointer's last report predates the big write: most of the WAL is not copied.
  Atomics.store(progress, 0, PAGES + 200);
  Atomics.store(progress, 1, 100);
  assert.equal(restartWal(writer, progress, 5000, PAGES), false);
  write(1);
  assert.ok(passive().log > PAGES, 'the WAL went on growing');
});

test('a restart gives up while a read still uses the WAL, and the busy timeout comes back', (t) => {
  const { writer, checkpointer, progress, passive, write } = setup(t);
  write(PAGES + 200);
  // A read that began before the copy reads its pages from the WAL until it ends.
  const reader = new DatabaseSync(checkpointer.location()!);
  t.after(() => reader.close());
  reader.exec('BEGIN');
  reader.prepare('SELECT count(*) FROM t').get();
  passive();
  assert.equal(restartWal(writer, progress, 5000, PAGES), false, 'a reader still uses the WAL');
  reader.exec('COMMIT');
  // The RESTART that gave up had copied everything: with the reader gone, the next commit starts over.
  write(1);
  assert.ok(passive().log < 100, 'the WAL started over');
  // The writer's own busy timeout is back in place.
  assert.equal(writer.prepare('PRAGMA busy_timeout').get()!.timeout, 5000);
});

test('while the writer adds to a WAL due to start over, the checkpointer copies again without waiting', (t) => {
  const { writer, write } = setup(t);
  write(PAGES + 200);
  const progress = walProgress();
  // An interval far longer than the test: the first pass comes at once, and so does every later one
  // only if the checkpointer does not wait for the interval while the WAL is due.
  const checkpointer = new Checkpointer(writer.location()!, {
    intervalMs: 60_000,
    progress,
    restartPages: PAGES,
  });
  t.after(() => checkpointer.close());
  // The checkpointer runs on its own thread: this one keeps committing (a guard, not a measure, ends it).
  const guard = Date.now() + 20_000;
  while (Atomics.load(progress, 2) < 5 && Date.now() < guard) write(4);
  assert.ok(Atomics.load(progress, 2) >= 5, `${Atomics.load(progress, 2)} passes`);
  assert.ok(Atomics.load(progress, 0) > PAGES, 'the WAL is due to start over');
});

test('no restart while more than one commit came after the pass began, unless the WAL is half again as long', (t) => {
  const { writer, progress, passive, write } = setup(t);
  write(PAGES + 200);
  passive();
  // The writer counts its commits in [3]; the checkpointer noted in [4] how many it had seen.
  Atomics.store(progress, 3, Atomics.load(progress, 4) + 2);
  assert.equal(restartWal(writer, progress, 5000, PAGES), false, 'two commits to copy and sync');
  Atomics.store(progress, 3, Atomics.load(progress, 4) + 1);
  assert.equal(restartWal(writer, progress, 5000, PAGES), true, 'one commit');

  write(PAGES + PAGES / 2 + 200);
  passive();
  Atomics.store(progress, 3, Atomics.load(progress, 4) + 5);
  assert.equal(restartWal(writer, progress, 5000, PAGES), true, 'a WAL half again as long restarts anyway');
});
