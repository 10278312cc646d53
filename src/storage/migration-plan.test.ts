import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrationSteps, planMigrations } from './migration-plan.ts';
import { type Migration, MigrationError, migrationChecksum } from './migrations.ts';

const file = (version: number, stem: string, sql = `-- ${stem}`): Migration => {
  const name = `${String(version).padStart(3, '0')}_${stem}`;
  return { version, name, sql, checksum: migrationChecksum(sql), file: `/m/${name}.sql` };
};
const FILES = [file(1, 'a'), file(2, 'b'), file(3, 'c')];
const row = (version: number, name: string, checksum: string | null = null) => ({
  version,
  name,
  checksum,
  appliedAt: 5,
});

test('a fresh database applies every file in order', () => {
  const steps = migrationSteps(FILES, [], 9);
  assert.deepEqual(
    steps.map((s) => (s.kind === 'apply' ? `apply ${s.migration.name}` : s.kind)),
    ['apply 001_a', 'record', 'apply 002_b', 'record', 'apply 003_c', 'record'],
  );
});

test('renumbered rows move as a whole before any lands, keeping when they were applied', () => {
  // b and c swapped numbers: removing and recording one at a time would collide on the primary key.
  const plan = planMigrations(FILES, [row(1, '001_a'), row(2, '002_c'), row(3, '003_b')]);
  assert.deepEqual(
    plan.renumbered.map((r) => [r.from.name, r.to.name]),
    [
      ['002_c', '003_c'],
      ['003_b', '002_b'],
    ],
  );
  assert.deepEqual(plan.backfill, [FILES[0]]);
  assert.deepEqual(plan.pending, []);
  const steps = migrationSteps(FILES, [row(2, '002_c'), row(3, '003_b')], 9);
  assert.deepEqual(
    steps.map((s) => (s.kind === 'record' ? `record ${s.row.name} at ${s.row.appliedAt}` : s.kind)),
    ['remove', 'remove', 'record 003_c at 5', 'record 002_b at 5', 'apply', 'record 001_a at 9'],
  );
});

test('rows that cannot be matched unambiguously are refused, not guessed at', () => {
  assert.throws(() => planMigrations(FILES, [row(2, '002_b'), row(7, '007_b')]), MigrationError);
  // A newer release's row is left alone, unless a file here needs its number.
  assert.deepEqual(planMigrations(FILES, [row(1, '001_a'), row(9, '009_z')]).pending, FILES.slice(1));
  assert.throws(
    () => planMigrations(FILES, [row(1, '001_a'), row(2, '002_z')]),
    /already has version 2 as 002_z, so \/m\/002_b\.sql cannot take it/,
  );
});
