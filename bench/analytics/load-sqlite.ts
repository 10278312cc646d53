import { DEFAULT_IDENTITY_SETTINGS } from '../../src/identity/index.ts';
import { loadPreset } from '../../src/lifecycle/index.ts';
import { SqliteStore } from '../../src/storage/index.ts';
import type { Dataset } from './generate.ts';
import { NOW, SPAN } from './generate.ts';
import { tables, type Value } from './rows.ts';

export type Loaded = { workspaceId: number; seconds: number; phases: Record<string, number> };

const ROWS_PER_TRANSACTION = 50_000;

/**
 * Writes the dataset into a new SQLite file as bench/lifecycle does: prepared inserts in big transactions
 * with synchronous OFF, the tables as the migrations made them (every index in place); no ANALYZE, since
 * the server never runs one. Then the model is published and its recompute marked done, so no engine
 * would touch the data, and the WAL is checkpointed into the file.
 */
export async function loadSqlite(d: Dataset, file: string, log: (line: string) => void): Promise<Loaded> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  const store = new SqliteStore(file, { synchronous: 'OFF', cacheMb: 1024, walAutocheckpointPages: 100_000 });
  try {
    await store.migrate();
    const ws = await store.workspaces.create('bench', { identity: DEFAULT_IDENTITY_SETTINGS }, NOW - SPAN);
    const existing = new Set(
      store.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((r) => String(r.name)),
    );
    for (const t of tables(d, (name) => existing.has(name))) {
      const t0 = performance.now();
      const insert = store.db.prepare(
        `INSERT INTO ${t.table} (${t.columns.join(', ')}) VALUES (${t.columns.map(() => '?').join(', ')})`,
      );
      for (let k = 0; k < t.count; k++) {
        if (k % ROWS_PER_TRANSACTION === 0) {
          if (k > 0) store.db.exec('COMMIT');
          store.db.exec('BEGIN');
          if (k % 1_000_000 === 0 && k > 0) log(`  ${t.table}: ${k.toLocaleString('en-US')} rows`);
        }
        insert.run(...(t.row(ws.id, k) as Value[]));
      }
      if (t.count > 0) store.db.exec('COMMIT');
      phases[t.table] = (performance.now() - t0) / 1000;
    }
    store.db.exec(`UPDATE sequences SET value = ${d.customers} WHERE name = 'customers'`);
    await store.engine.publishModel(ws.id, loadPreset('clm-5'), NOW);
    // The state above is the model's: its recompute has nothing left to do.
    store.db
      .prepare(
        `UPDATE engine_workspaces SET recompute_done = recompute_total, recompute_cursor = ?,
           recompute_finished_at = ? WHERE workspace_id = ?`,
      )
      .run(d.customers, NOW, ws.id);
    store.db.exec("UPDATE engine_cursor SET value = (SELECT max(id) FROM events) WHERE name = 'events'");
    const t0 = performance.now();
    store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    phases.checkpoint = (performance.now() - t0) / 1000;
    return { workspaceId: ws.id, seconds: (performance.now() - started) / 1000, phases };
  } finally {
    await store.close();
  }
}
