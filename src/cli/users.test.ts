import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');

test('loopline users: add (a password printed once, or read from stdin), role, list, remove; the last admin stays', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopline-cli-users-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (args: string[], input?: string) =>
    spawnSync(NODE, ['src/cli/main.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      input,
      env: { PATH: process.env.PATH, LOOPLINE_DB: path.join(dir, 'cli.db'), LOOPLINE_LOG_LEVEL: 'silent' },
    });
  assert.equal(cli(['workspaces', 'create', 'default']).status, 0);
  const ann = cli(['users', 'add', '--email', 'Ann@Shop.test', '--role', 'admin']);
  assert.equal(ann.status, 0, ann.stderr);
  assert.match(
    ann.stdout,
    /^ann@shop\.test is admin of workspace "default"\npassword \(shown only now\): \S{16}\n$/,
  );
  const bob = cli(
    ['users', 'add', '--email', 'bob@shop.test', '--role', 'viewer', '--password-stdin'],
    'from stdin pw\n',
  );
  assert.doesNotMatch(bob.stdout, /password/);
  assert.equal(cli(['users', 'role', 'bob@shop.test', 'editor']).status, 0);
  const list = cli(['users', 'list'])
    .stdout.trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t').slice(1, 3));
  assert.deepEqual(list, [
    ['ann@shop.test', 'admin'],
    ['bob@shop.test', 'editor'],
  ]);
  const demote = cli(['users', 'role', 'ann@shop.test', 'viewer']);
  assert.equal(demote.status, 2);
  assert.match(demote.stderr, /only admin/);
  assert.equal(cli(['users', 'add', '--email', 'c@shop.test', '--role', 'owner']).status, 2);
  assert.equal(cli(['users', 'remove', 'bob@shop.test']).status, 0);
  assert.equal(cli(['users', 'list']).stdout.trim().split('\n').length, 2);
});
