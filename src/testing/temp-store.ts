import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../storage/index.ts';

export type TempStore<S extends SqliteStore = SqliteStore> = {
  store: S;
  file: string;
  cleanup(): Promise<void>;
};

/**
 * A migrated SQLite store on a fresh file in its own temp directory, for tests that need real storage.
 * `make` opens the file, e.g. as a subclass that a test instruments.
 * @example const { store, cleanup } = await tempStore(); t.after(cleanup);
 */
export async function tempStore<S extends SqliteStore = SqliteStore>(
  make: (file: string) => S = (file) => new SqliteStore(file) as S,
): Promise<TempStore<S>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopline-test-'));
  const file = path.join(dir, 'loopline.db');
  const store = make(file);
  await store.migrate();
  return {
    store,
    file,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
