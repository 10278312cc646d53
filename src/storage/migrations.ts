import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type Migration = { version: number; name: string; sql: string };

/** The numbered `NNN_name.sql` files of one dialect's migrations folder, in order. */
export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d+_[\w-]+\.sql$/.test(file))
    .map((file) => ({
      version: Number.parseInt(file, 10),
      name: file.replace(/\.sql$/, ''),
      sql: readFileSync(path.join(dir, file), 'utf8'),
    }))
    .sort((a, b) => a.version - b.version);
}
