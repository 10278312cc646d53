import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');
let dir: string;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'loopline-cli-demo-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `loopline demo ...` in a child process, against a SQLite file of this test's own. */
function demo(...args: string[]) {
  const result = spawnSync(NODE, ['src/cli/main.ts', 'demo', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, LOOPLINE_DB: path.join(dir, 'cli.db'), LOOPLINE_LOG_LEVEL: 'silent' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('loopline demo loads a workspace, prints its keys once, the timings and what the data shows', () => {
  const run = demo('--customers', '400', '--months', '6', '--seed', 'cli');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /write key {2}\(ingest, \/v1\) +ll_wk_\S+/);
  assert.match(run.stdout, /secret key \(admin API, \/api\/v1\) +ll_sk_\S+/);
  assert.match(
    run.stdout,
    /loaded [\d,]+ events .* in \d+\.\d s: generate \+ ingest \d+\.\d s, lifecycle engine/,
  );
  assert.match(run.stdout, /Customers per stage now:\n {2}Awareness +\d+/);
  assert.match(run.stdout, /Funnel, last 90 days/);
  assert.match(run.stdout, /By acquisition channel/);
  assert.match(run.stdout, /curl -u 'll_wk_/);
  assert.match(run.stdout, /lifecycle apply cjm-5 --workspace demo --dry-run/);

  const again = demo('--customers', '400', '--months', '6');
  assert.equal(again.code, 2);
  assert.match(again.stderr, /workspace "demo" exists/);
});

test('bad flags say what is wrong and exit 2', () => {
  for (const [args, message] of [
    [['--customers', 'lots'], /--customers must be a whole number/],
    [['--business', 'bakery'], /--business is apparel or fitness-app/],
    [['--preset', 'funnel-9'], /--preset is one of clm-5/],
    [['--rate', '0'], /--rate must be a whole number/],
    [['--workspace', 'a b'], /--workspace: 1-64/],
    [['--colour'], /Unknown option '--colour'/],
  ] as const) {
    const run = demo(...args);
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.stderr, message);
    assert.equal(run.stdout, '');
  }
});
