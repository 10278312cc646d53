/**
 * bench/predict: fitting the customer-base models of src/predict. Times the BG/NBD + Gamma-Gamma fit
 * (fitModels, grouping included) on the CDNOW sample in weeks (median of many runs after warm-up) and
 * on 1,000,000 customers simulated from CDNOW-like parameters in days over 18 months (BENCH_CUSTOMERS
 * to change), plus, for reference, Pareto/NBD fits, building the summary from per-customer aggregates
 * and scoring every customer. Writes its section of bench/RESULTS.md unless BENCH_WRITE=0.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DAY } from '../../src/core/index.ts';
import {
  type CustomerAggregate,
  type CustomerSummary,
  fitModels,
  fitParetoNbd,
  groupHistories,
  scoreCustomers,
  simulateBgNbd,
  summarize,
  summaryFromAggregates,
} from '../../src/predict/index.ts';
import { machine, writeSection } from '../results.ts';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const WRITE = process.env.BENCH_WRITE !== '0';
const CDNOW = path.resolve(import.meta.dirname, '../../../shared/data/cdnow/CDNOW_sample.txt');
const log = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits: number) => n.toFixed(digits);

/** Runs fn `warmup` times, then `runs` times; returns the median wall time in ms and the last result. */
function time<T>(fn: () => T, runs: number, warmup: number): { ms: number; result: T } {
  let result = fn();
  for (let i = 1; i < warmup; i++) result = fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], result };
}

type Row = { case: string; customers: number; runs: number; ms: number; target: string };
const rows: Row[] = [];
const notes: string[] = [];

if (existsSync(CDNOW)) {
  const transactions = readFileSync(CDNOW, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [, id, date, , value] = line.trim().split(/\s+/);
      const at = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)));
      return { customer: id, at, value: Number(value) };
    });
  const { summary } = summarize(transactions, { until: Date.UTC(1997, 9, 1), unit: 'weeks' });
  log('CDNOW: BG/NBD + Gamma-Gamma…');
  const fit = time(() => fitModels(summary), 200, 100);
  rows.push({
    case: 'CDNOW sample, BG/NBD + Gamma-Gamma fit (weeks)',
    customers: summary.size,
    runs: 200,
    ms: fit.ms,
    target: '< 10 ms',
  });
  log('CDNOW: Pareto/NBD…');
  const pareto = time(() => fitParetoNbd(summary), 50, 20);
  rows.push({
    case: 'CDNOW sample, Pareto/NBD fit',
    customers: summary.size,
    runs: 50,
    ms: pareto.ms,
    target: '—',
  });
  const { bgNbd, gammaGamma } = fit.result;
  const b = bgNbd.params;
  const g = gammaGamma!.params;
  const p = pareto.result.params;
  notes.push(
    `CDNOW estimates (published in parentheses): BG/NBD r ${fixed(b.r, 3)} (0.243), α ${fixed(b.alpha, 3)} (4.414), ` +
      `a ${fixed(b.a, 3)} (0.793), b ${fixed(b.b, 3)} (2.426), LL ${fixed(bgNbd.logLikelihood, 1)} (−9582.4), ` +
      `${bgNbd.iterations} iterations; Gamma-Gamma p ${fixed(g.p, 2)} (6.25), q ${fixed(g.q, 2)} (3.74), ` +
      `γ ${fixed(g.gamma, 2)} (15.44); Pareto/NBD r ${fixed(p.r, 3)} (0.55), α ${fixed(p.alpha, 2)} (10.58), ` +
      `s ${fixed(p.s, 3)} (0.61), β ${fixed(p.beta, 2)} (11.67), LL ${fixed(pareto.result.logLikelihood, 1)} (−9595.0).`,
  );
} else {
  notes.push(`CDNOW sample not found at ${CDNOW}: its rows are missing.`);
}

// CDNOW's weekly BG/NBD and Gamma-Gamma estimates, with α converted to days.
const truth = { r: 0.243, alpha: 4.414 * 7, a: 0.793, b: 2.426 };
const spend = { p: 6.25, q: 3.74, gamma: 15.44 };
log(`simulating ${fmt(CUSTOMERS)} customers…`);
const { summary: simulated } = simulateBgNbd(truth, spend, {
  customers: CUSTOMERS,
  seed: 1,
  calibration: 546,
  unit: 'days',
});
const groups = groupHistories(simulated).size;

log('summary from aggregates…');
function* aggregates(s: CustomerSummary): Generator<CustomerAggregate> {
  for (let i = 0; i < s.size; i++) {
    const first = s.first[i];
    yield {
      customer: i,
      first,
      last: first + s.tx[i] * DAY,
      days: s.x[i] + 1,
      valueSum: s.total[i],
      firstValue: s.total[i] - s.x[i] * s.monetary[i],
    };
  }
}
const fromRows = time(
  () => summaryFromAggregates(aggregates(simulated), { until: simulated.until, unit: 'days' }),
  3,
  1,
);
rows.push({
  case: 'simulated, summary from per-customer aggregates',
  customers: CUSTOMERS,
  runs: 3,
  ms: fromRows.ms,
  target: '—',
});

log('BG/NBD + Gamma-Gamma…');
const big = time(() => fitModels(simulated), 5, 1);
rows.push({
  case: 'simulated, BG/NBD + Gamma-Gamma fit (days)',
  customers: CUSTOMERS,
  runs: 5,
  ms: big.ms,
  target: '< 3 s',
});
log('Pareto/NBD…');
const bigPareto = time(() => fitParetoNbd(simulated), 1, 0);
rows.push({
  case: 'simulated, Pareto/NBD fit',
  customers: CUSTOMERS,
  runs: 1,
  ms: bigPareto.ms,
  target: '—',
});
log('scoring…');
const scoring = time(() => scoreCustomers(big.result, simulated, { horizon: 365 }), 1, 0);
rows.push({
  case: 'simulated, score every customer (365-day horizon, weekly periods)',
  customers: CUSTOMERS,
  runs: 1,
  ms: scoring.ms,
  target: '—',
});
const fb = big.result.bgNbd;
const fg = big.result.gammaGamma!;
notes.push(
  `Simulated: ${fmt(groups)} distinct (x, t_x, T) groups; first purchases uniform over the 546 days. Estimates ` +
    `(truth in parentheses): r ${fixed(fb.params.r, 3)} (0.243), α ${fixed(fb.params.alpha, 2)} (30.90), ` +
    `a ${fixed(fb.params.a, 3)} (0.793), b ${fixed(fb.params.b, 3)} (2.426) in ${fb.iterations} iterations; ` +
    `p ${fixed(fg.params.p, 2)} (6.25), q ${fixed(fg.params.q, 2)} (3.74), γ ${fixed(fg.params.gamma, 2)} (15.44). ` +
    'Purchases are bucketed into days as summaries are, which merges the few same-day purchases and biases α slightly.',
);

const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(n < 10 ? 2 : 0)} ms`);
const markdown = [
  '## Customer-base models (bench/predict)',
  '',
  `\`npm run bench:predict\` on 2 cores, ${machine()}, ${new Date().toISOString().slice(0, 10)}; one process,`,
  'median wall time after warm-up. A fit is `fitModels` from the columnar summary: grouping identical',
  '(x, t_x, T), BFGS on log-parameters with the analytic gradient, and the standard errors from the Hessian.',
  '',
  '| case | customers | runs | median | target |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.case} | ${fmt(r.customers)} | ${r.runs} | ${ms(r.ms)} | ${r.target} |`),
  '',
  ...notes.flatMap((n) => [n, '']),
].join('\n');
process.stdout.write(`${markdown}\n`);
if (WRITE) writeSection('predict', markdown);
