/**
 * bench/analytics/compare.ts: the stage KPI overview of this checkout against another checkout's
 * (an older commit in a `git worktree` with its own `npm ci`), on one store that
 * `BENCH_KEEP_SQLITE=1 npm run bench:analytics` kept in bench/.data. Each run is a fresh process
 * (cold = its first call, warm = the median of 3 more); the pairs alternate which checkout goes
 * first, so that a machine that gets busier or quieter weighs on both alike.
 *
 *   node bench/analytics/compare.ts /work/wt-old [pairs=8]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { machine, writeSection } from '../results.ts';
import { NOW } from './generate.ts';

const DAY_MS = 86_400_000;
const FILE = process.env.BENCH_FILE ?? path.join(import.meta.dirname, '..', '.data', 'analytics.db');
const WORKSPACE = Number(process.env.BENCH_WORKSPACE ?? 1);

type Run = { cold: number; warm: number };

if (process.argv[2] === '--child') {
  // Loads the reports and the store from the checkout named, whatever its exports are called since.
  const root = process.argv[3]!;
  const load = (p: string) => import(pathToFileURL(path.join(root, p)).href);
  const { overviewReport } = await load('src/analytics/index.ts');
  const { SqliteStore } = await load('src/storage/index.ts');
  const store = new SqliteStore(FILE);
  const range = { from: NOW - 30 * DAY_MS, to: NOW, unit: 'day', now: NOW };
  const times: number[] = [];
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    await overviewReport(store, WORKSPACE, range);
    times.push((performance.now() - t) / 1000);
  }
  await store.close();
  const warm = times.slice(1).sort((a, b) => a - b)[1]!;
  console.log(`RESULT ${JSON.stringify({ cold: times[0], warm } satisfies Run)}`);
  process.exit(0);
}

const other = path.resolve(process.argv[2] ?? '');
const pairs = Number(process.argv[3] ?? 8);
const here = path.resolve(import.meta.dirname, '..', '..');
if (!existsSync(path.join(other, 'src', 'analytics', 'index.ts')))
  throw new Error(`not a checkout: ${other}`);
if (!existsSync(FILE))
  throw new Error(`no kept store at ${FILE}: run BENCH_KEEP_SQLITE=1 npm run bench:analytics`);

function runIn(root: string): Run {
  const child = spawnSync(process.execPath, [import.meta.filename, '--child', root], { encoding: 'utf8' });
  const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (child.status !== 0 || !line) throw new Error(`run in ${root} failed: ${child.stderr}`);
  return JSON.parse(line.slice(7)) as Run;
}

const runs = new Map<string, Run[]>([
  [here, []],
  [other, []],
]);
for (let i = 0; i < pairs; i++) {
  const order = i % 2 === 0 ? [other, here] : [here, other];
  for (const root of order) {
    const r = runIn(root);
    runs.get(root)!.push(r);
    process.stderr.write(
      `${root === here ? 'this ' : 'other'} cold ${r.cold.toFixed(2)} s, warm ${r.warm.toFixed(2)} s\n`,
    );
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const commit = (root: string) =>
  execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const row = (name: string, root: string) => {
  const rs = runs.get(root)!;
  const all = (k: keyof Run) => rs.map((r) => r[k].toFixed(2)).join(', ');
  return `| ${name} (${commit(root)}) | ${median(rs.map((r) => r.cold)).toFixed(2)} s | ${median(rs.map((r) => r.warm)).toFixed(2)} s | ${all('cold')} | ${all('warm')} |`;
};
const ratio = (k: keyof Run) =>
  (median(runs.get(here)!.map((r) => r[k])) / median(runs.get(other)!.map((r) => r[k]))).toFixed(2);
const markdown = `## Analytics: one checkout against another (bench/analytics/compare.ts)

The stage KPI overview (last 30 days) on the SQLite store bench/analytics kept, ${pairs} pairs of fresh
processes alternating which checkout runs first; ${machine()}. This checkout / the other: cold
${ratio('cold')}×, warm ${ratio('warm')}× (medians).

| checkout | cold (median) | warm (median) | cold, each run | warm, each run |
|---|---|---|---|---|
${row('this', here)}
${row('other', other)}
`;
if (process.env.BENCH_NO_WRITE !== '1') writeSection('analytics-compare', markdown);
console.log(markdown);
