import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Dialect, migrationStem, migrationsDir, readMigrations } from './migrations.ts';
import { SHIPPED_MIGRATIONS } from './shipped-migrations.ts';

const DIALECTS: Dialect[] = ['sqlite', 'postgres'];

for (const dialect of DIALECTS) {
  test(`every shipped ${dialect} migration still has the text it shipped with`, () => {
    const files = new Map(readMigrations(migrationsDir(dialect)).map((m) => [m.name, m]));
    for (const [name, checksum] of Object.entries(SHIPPED_MIGRATIONS[dialect])) {
      const file = files.get(name);
      assert.ok(file, `${dialect}/migrations/${name}.sql shipped and must stay (databases recorded it)`);
      assert.equal(
        file.checksum,
        checksum,
        `${file.file} changed after it shipped: restore its text and make the change in a new migration`,
      );
    }
    for (const file of files.values()) {
      assert.ok(
        file.name in SHIPPED_MIGRATIONS[dialect],
        `${file.file} is new: add '${file.name}': '${file.checksum}' to SHIPPED_MIGRATIONS.${dialect}`,
      );
    }
  });
}

test('the same change has the same number in both dialects, and each number one change', () => {
  const [sqlite, postgres] = DIALECTS.map((dialect) => {
    const files = readMigrations(migrationsDir(dialect));
    const stems = files.map((m) => migrationStem(m.name));
    assert.equal(new Set(files.map((m) => m.version)).size, files.length, `one ${dialect} file per number`);
    // The runner finds a renumbered file by its name without the number, so no two may share one.
    assert.equal(new Set(stems).size, stems.length, `one ${dialect} file per name`);
    return new Map(files.map((m, i) => [m.version, stems[i]]));
  });
  // A change that one dialect does not need still takes its number there, as a no-op file that says why.
  for (const version of new Set([...sqlite.keys(), ...postgres.keys()])) {
    const [a, b] = [sqlite.get(version), postgres.get(version)];
    assert.equal(
      a,
      b,
      `migration ${version} is ${a ?? 'missing'} on SQLite but ${b ?? 'missing'} on PostgreSQL`,
    );
  }
});
