import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DAY } from '../core/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');
let dir: string;

/** `loopline ...` in a child process, against a SQLite file of this test's own. */
function loopline(...args: string[]) {
  const result = spawnSync(NODE, ['src/cli/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, LOOPLINE_DB: path.join(dir, 'cli.db'), LOOPLINE_LOG_LEVEL: 'silent' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'loopline-cli-analytics-'));
  // Four orders of three customers in the last week (70 in revenue), one order 40 days ago (outside
  // the default 30-day range), and a signup.
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
  const order = (userId: string, revenue: number, daysAgo: number) => ({
    type: 'track',
    userId,
    event: 'Order Completed',
    properties: { revenue },
    timestamp: at(daysAgo),
  });
  const messages = [
    order('a', 10, 6),
    order('a', 5, 2),
    order('b', 20, 3),
    order('c', 35, 1),
    order('d', 99, 40),
    { type: 'track', userId: 'e', event: 'Signed Up', timestamp: at(4) },
  ];
  const file = path.join(dir, 'events.ndjson');
  await writeFile(file, messages.map((m) => JSON.stringify(m)).join('\n'));
  const imported = loopline('import', file);
  assert.equal(imported.code, 0, imported.stderr);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('loopline analytics kpis: the values the API computes, as a table or CSV', () => {
  const csv = loopline('analytics', 'kpis', '--ids', 'orders,revenue,aov', '--csv');
  assert.equal(csv.code, 0, csv.stderr);
  const lines = csv.stdout.trim().split('\r\n');
  assert.equal(lines[0], 'kpi,unit,period,value');
  assert.ok(lines.includes('orders,count,(range),4'), csv.stdout);
  assert.ok(lines.includes('revenue,money,(range),70'), csv.stdout);
  assert.ok(lines.includes('aov,money,(range),17.5'), csv.stdout);
  // A series by day over the 30 days (31 UTC days touched unless now is midnight) besides the range's row.
  const days = lines.filter((l) => l.startsWith('orders,') && !l.includes('(range)'));
  assert.ok(days.length === 30 || days.length === 31, `${days.length} days`);
  assert.equal(
    days.reduce((sum, l) => sum + Number(l.split(',')[3]), 0),
    4,
  );

  const json = JSON.parse(
    loopline('analytics', 'kpis', '--ids', 'orders', '--unit', 'week', '--json').stdout,
  );
  assert.equal(json.unit, 'week');
  assert.equal(json.items[0].value, 4);

  const text = loopline('analytics', 'kpis', '--ids', 'orders,revenue');
  assert.match(text.stdout, /^Orders\s+4$/m);
  assert.match(text.stdout, /^Revenue\s+70$/m);
});

test('loopline analytics overview: every stage of the model beside the headline KPIs', () => {
  const out = loopline('analytics', 'overview', '--json');
  assert.equal(out.code, 0, out.stderr);
  const overview = JSON.parse(out.stdout);
  // The default workspace runs the clm-5 preset: five lifecycle stages and its lapse states.
  assert.deepEqual(
    overview.stages
      .filter((s: { kind: string }) => s.kind === 'lifecycle')
      .map((s: { key: string }) => s.key),
    ['awareness', 'acquisition', 'conversion', 'retention', 'advocacy'],
  );
  const kpi = (id: string) => overview.kpis.find((k: { id: string }) => k.id === id)?.value;
  assert.equal(kpi('orders'), 4);
  assert.equal(kpi('revenue'), 70);

  const text = loopline('analytics', 'overview', '--from', new Date(Date.now() - 60 * DAY).toISOString());
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^ {2}Advocacy\s/m);
  assert.match(text.stdout, /^ {2}Revenue\s+169$/m);
});

test('loopline analytics: bad input is refused with a clear message', () => {
  const unknown = loopline('analytics', 'kpis', '--ids', 'orders,nope');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown KPI "nope"/);
  const unit = loopline('analytics', 'kpis', '--unit', 'year');
  assert.equal(unit.code, 2);
  assert.match(unit.stderr, /--unit is day, week or month, not year/);
  const range = loopline('analytics', 'overview', '--from', '2026-02-30x');
  assert.equal(range.code, 2);
  assert.match(range.stderr, /--from|from "2026-02-30x" is not a date/);
  const missing = loopline('analytics', 'overview', '--workspace', 'nobody');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no workspace "nobody"/);
  assert.equal(loopline('analytics').code, 1);
  assert.equal(loopline('analytics', 'catalog').code, 0);
});
