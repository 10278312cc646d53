import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { Store } from './index.ts';
import { MigrationError, migrationStem, migrationsDir, readMigrations } from './migrations.ts';
import { OLD_SQLITE_NUMBERS } from './shipped-migrations.ts';
import { type Adapter, type OpenOptions, sqlRows, storeAdapters } from './test-support.ts';

// The migration runner against every adapter: checksums, refusals, renumbered rows.
const adapters = await storeAdapters();

/** A migrated store on a fresh database, closed and dropped after the test. */
async function fresh(t: TestContext, adapter: Adapter) {
  const harness = adapter.make();
  const stores: Store[] = [];
  t.after(async () => {
    for (const s of stores) await s.close();
    await harness.cleanup();
  });
  const open = (options?: OpenOptions) => {
    const store = harness.open(options);
    stores.push(store);
    return store;
  };
  const store = open();
  await store.migrate();
  return { store, open };
}

const recorded = (store: Store) =>
  sqlRows(store, 'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version');

/** A copy of the shipped migrations folder that a test may edit. */
function copyOf(t: TestContext, dialect: Store['dialect']): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopline-migrations-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(migrationsDir(dialect), dir, { recursive: true });
  return dir;
}

for (const adapter of adapters) {
  describe(`migrations (${adapter.name})`, { skip: adapter.skip }, () => {
    it('records the checksum of each migration it applies', async (t) => {
      const { store } = await fresh(t, adapter);
      const files = readMigrations(migrationsDir(store.dialect));
      assert.deepEqual(
        (await recorded(store)).map((r) => [Number(r.version), r.name, r.checksum]),
        files.map((f) => [f.version, f.name, f.checksum]),
      );
    });

    it('gives rows recorded before checksums the checksum of their file, once', async (t) => {
      const { store } = await fresh(t, adapter);
      const before = await recorded(store);
      await sqlRows(store, 'ALTER TABLE schema_migrations DROP COLUMN checksum');
      assert.deepEqual(await store.migrate(), []);
      assert.deepEqual(await recorded(store), before);
    });

    it('refuses to start when an applied migration no longer has its text, naming the file', async (t) => {
      const { store, open } = await fresh(t, adapter);
      const dir = copyOf(t, store.dialect);
      const edited = path.join(dir, '002_lifecycle.sql');
      appendFileSync(edited, '\n-- an edit after it shipped\n');
      // A new migration beside it must not be applied by a start that refuses.
      writeFileSync(path.join(dir, '999_probe.sql'), 'CREATE TABLE probe (id INTEGER);\n');
      const before = await recorded(store);
      const edit = open({ migrationsDir: dir });
      await assert.rejects(edit.migrate(), (error: Error) => {
        assert.ok(error instanceof MigrationError);
        assert.ok(
          error.message.includes(`migration ${edited} has changed since it was applied`),
          error.message,
        );
        assert.match(
          error.message,
          /must never change: restore the text it shipped with .* new numbered migration/,
        );
        return true;
      });
      assert.deepEqual(await recorded(store), before);
      await assert.rejects(sqlRows(store, 'SELECT * FROM probe'));
    });

    it('refuses when the recorded checksum is not the file’s', async (t) => {
      const { store } = await fresh(t, adapter);
      await sqlRows(store, "UPDATE schema_migrations SET checksum = 'abc' WHERE version = 1");
      await assert.rejects(
        store.migrate(),
        /001_foundation\.sql has changed .*SHA-256 then abc, now [0-9a-f]{64}/,
      );
    });

    it('moves rows recorded under SQLite’s old numbers to the new ones, applying and skipping nothing', async (t) => {
      const { store } = await fresh(t, adapter);
      // What a start before checksums left behind: the changes numbered in SQLite's old order, each
      // with its own time of application, which must stay with its change.
      const oldTime = (stem: string) =>
        1_000 + OLD_SQLITE_NUMBERS.findIndex((n) => migrationStem(n) === stem);
      await sqlRows(store, 'DELETE FROM schema_migrations WHERE version <= $1', [OLD_SQLITE_NUMBERS.length]);
      for (const [i, name] of OLD_SQLITE_NUMBERS.entries()) {
        await sqlRows(
          store,
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
          [i + 1, name, oldTime(migrationStem(name))],
        );
      }
      // Running any of them again would fail (their tables exist); skipping one would leave its row out.
      assert.deepEqual(await store.migrate(), []);
      const files = readMigrations(migrationsDir(store.dialect));
      assert.deepEqual(
        (await recorded(store)).map((r) => [Number(r.version), r.name, r.checksum]),
        files.map((f) => [f.version, f.name, f.checksum]),
      );
      for (const r of await recorded(store)) {
        const time = oldTime(migrationStem(String(r.name)));
        if (time >= 1_000) assert.equal(Number(r.applied_at), time, `${r.name} keeps its time`);
      }
      assert.deepEqual(await store.migrate(), [], 'once: the next start finds nothing to move');
    });
  });
}
