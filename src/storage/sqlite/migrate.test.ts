import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { migrationStem, migrationsDir, readMigrations } from '../migrations.ts';
import { OLD_SQLITE_NUMBERS } from '../shipped-migrations.ts';
import { SqliteStore } from './sqlite-store.ts';

const FILES = readMigrations(migrationsDir('sqlite'));

/**
 * A database as the runner before checksums and renumbering left it: the first `count` changes applied
 * in SQLite's old order under their old numbers, with an event stored after each, so that every later
 * backfill has rows to read.
 */
function oldDatabase(file: string, count: number): void {
  const db = new DatabaseSync(file);
  db.exec(`CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  for (const [i, name] of OLD_SQLITE_NUMBERS.slice(0, count).entries()) {
    db.exec(FILES.find((f) => migrationStem(f.name) === migrationStem(name))!.sql);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      i + 1,
      name,
      i,
    );
    if (i > 0) {
      db.prepare(
        `INSERT INTO events (workspace_id, customer_id, message_id, type, name, timestamp, received_at, payload)
         VALUES (1, 7, ?, 'track', 'Viewed', ?, 0, '{}')`,
      ).run(`m${i}`, Date.UTC(2026, 0, i));
    }
  }
  db.close();
}

/** The schema as SQLite keeps it (but schema_migrations, whose text differs by the ALTER that added a column). */
function schema(db: DatabaseSync) {
  return db
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name",
    )
    .all();
}

function withDir(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopline-old-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

for (const count of [OLD_SQLITE_NUMBERS.length, 3]) {
  test(`a database of SQLite's first ${count} changes under the old numbers upgrades to a fresh one's schema`, async (t) => {
    const dir = withDir(t);
    const fresh = new SqliteStore(path.join(dir, 'fresh.db'));
    t.after(() => fresh.close());
    await fresh.migrate();
    oldDatabase(path.join(dir, 'old.db'), count);

    const old = new SqliteStore(path.join(dir, 'old.db'));
    t.after(() => old.close());
    const pending = FILES.filter(
      (f) => !OLD_SQLITE_NUMBERS.slice(0, count).some((n) => migrationStem(n) === migrationStem(f.name)),
    );
    // After old 003 (the customer log index, now 006), a runner that went by number would skip 003_analytics.
    assert.deepEqual(
      await old.migrate(),
      pending.map((f) => f.version),
    );
    assert.deepEqual(schema(old.db), schema(fresh.db));
    assert.deepEqual(
      old.db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all(),
      fresh.db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all(),
    );
    // The backfills saw the events stored before them, whichever start ran them.
    for (const table of ['active_days', 'active_weeks', 'active_months']) {
      assert.ok(Number(old.db.prepare(`SELECT count(*) AS n FROM ${table}`).get()!.n) > 0, table);
    }
    assert.deepEqual(await old.migrate(), []);
  });
}
