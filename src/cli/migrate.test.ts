import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { SqliteStore } from '../storage/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');

test('loopline migrate refuses a database whose applied migration changed, saying which and what to do', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopline-cli-migrate-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = path.join(dir, 'cli.db');
  const migrate = () =>
    spawnSync(NODE, ['src/cli/main.ts', 'migrate'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, LOOPLINE_DB: db, LOOPLINE_LOG_LEVEL: 'silent' },
    });
  const store = new SqliteStore(db);
  await store.migrate();
  // As if 004_active_periods.sql had been edited since this database applied it.
  store.db
    .prepare("UPDATE schema_migrations SET checksum = 'edited' WHERE name = '004_active_periods'")
    .run();
  await store.close();

  const refused = migrate();
  assert.equal(refused.status, 1);
  assert.match(
    refused.stderr,
    /^loopline migrate: migration \S+sqlite\/migrations\/004_active_periods\.sql has changed since it was applied/,
  );
  assert.match(refused.stderr, /Loopline will not start on this database until then\.\n$/);
  assert.doesNotMatch(refused.stderr, /\n\s+at /, 'no stack trace');
});
