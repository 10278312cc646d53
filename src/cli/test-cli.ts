import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');

/**
 * The CLI as a user runs it, on a database of its own in a temp folder that the test removes after.
 * @example const { dir, cli } = tempCli(t, 'journeys'); cli('workspaces', 'create', 'shop')
 */
export function tempCli(
  t: TestContext,
  name: string,
): { dir: string; cli: (...args: string[]) => SpawnSyncReturns<string> } {
  const dir = mkdtempSync(path.join(tmpdir(), `loopline-cli-${name}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) =>
    spawnSync(NODE, ['src/cli/main.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, LOOPLINE_DB: path.join(dir, 'cli.db'), LOOPLINE_LOG_LEVEL: 'silent' },
    });
  return { dir, cli };
}
