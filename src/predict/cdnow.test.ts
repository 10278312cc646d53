/**
 * The CDNOW sample (2,357 customers who first bought in Q1 1997, purchases through June 1998), the data
 * set of Fader, Hardie & Lee (2005): calibration through 1997-09-30 in weeks, against the published fits.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { DAY } from '../core/index.ts';
import { cdnowFile } from '../testing/cdnow.ts';
import { type CustomerAggregate, summaryFromAggregates } from './aggregates.ts';
import { bgNbdConditionalExpected, bgNbdCumulativeForecast } from './bg-nbd-predict.ts';
import { compareHoldout, fitModels, fitReport } from './fit-models.ts';
import { scoreCustomers } from './score.ts';
import { summarize, type Transaction } from './summary.ts';

// The repository keeps the sample (test/fixtures), so this always runs.
const FILE = cdnowFile('CDNOW_sample.txt')!;
const UNTIL = Date.UTC(1997, 9, 1); // calibration through 1997-09-30
const START = Date.UTC(1997, 0, 1); // week 0

/** Columns: master id, sample id, date YYYYMMDD, number of CDs, dollar value. */
function load(): Transaction[] {
  return readFileSync(FILE, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [, id, date, , value] = line.trim().split(/\s+/);
      const at = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)));
      return { customer: id, at, value: Number(value) };
    });
}

function near(actual: number, expected: number, rel: number, name: string) {
  assert.ok(
    Math.abs(actual - expected) <= rel * Math.abs(expected),
    `${name}: ${actual} vs published ${expected}`,
  );
}

describe('CDNOW sample', () => {
  const transactions = load();
  const { summary, holdout } = summarize(transactions, { until: UNTIL, unit: 'weeks' });

  test('summary: 2,357 customers, 2,457 repeat purchase days in calibration, 1,882 after', () => {
    assert.equal(summary.size, 2357);
    assert.equal(
      summary.x.reduce((a, b) => a + b, 0),
      2457,
    );
    assert.equal(summary.x.filter((x) => x > 0).length, 946);
    assert.equal(holdout.size, 1882);
    assert.equal(summary.T[0], 272 / 7); // first bought on 1997-01-01
  });

  test('aggregates as the database would compute them give the same summary', () => {
    const byCustomer = new Map<string, CustomerAggregate>();
    const days = new Map<string, Set<number>>();
    for (const t of transactions.filter((t) => t.at < UNTIL).sort((p, q) => p.at - q.at)) {
      const id = String(t.customer);
      const row = byCustomer.get(id);
      if (!row) {
        byCustomer.set(id, {
          customer: id,
          first: t.at,
          last: t.at,
          days: 1,
          valueSum: t.value,
          firstValue: t.value,
        });
        days.set(id, new Set([Math.floor(t.at / DAY)]));
        continue;
      }
      row.last = t.at;
      row.valueSum += t.value;
      if (Math.floor(t.at / DAY) === Math.floor(row.first / DAY)) row.firstValue += t.value;
      days.get(id)!.add(Math.floor(t.at / DAY));
      row.days = days.get(id)!.size;
    }
    const rows = [...byCustomer.values()].sort((p, q) =>
      String(p.customer).localeCompare(String(q.customer)),
    );
    const fromRows = summaryFromAggregates(rows, { until: UNTIL, unit: 'weeks' });
    assert.deepEqual(fromRows.x, summary.x);
    assert.deepEqual(fromRows.tx, summary.tx);
    assert.deepEqual(fromRows.T, summary.T);
    for (let i = 0; i < summary.size; i++)
      assert.ok(Math.abs(fromRows.monetary[i] - summary.monetary[i]) < 1e-9);
  });

  const models = fitModels(summary, { paretoNbd: true });

  test('BG/NBD matches the published fit (r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4)', () => {
    const { params, logLikelihood, converged } = models.bgNbd;
    assert.ok(converged);
    near(params.r, 0.243, 0.01, 'r');
    near(params.alpha, 4.414, 0.01, 'α');
    near(params.a, 0.793, 0.01, 'a');
    near(params.b, 2.426, 0.01, 'b');
    assert.ok(Math.abs(logLikelihood + 9582.4) < 0.1, `LL ${logLikelihood}`);
  });

  test('Gamma-Gamma matches the published fit (p 6.25, q 3.74, γ 15.44)', () => {
    const fit = models.gammaGamma!;
    assert.ok(fit.converged);
    assert.equal(fit.customers, 946);
    near(fit.params.p, 6.25, 0.01, 'p');
    near(fit.params.q, 3.74, 0.01, 'q');
    near(fit.params.gamma, 15.44, 0.01, 'γ');
  });

  test('Pareto/NBD matches the published fit (r 0.55, α 10.58, s 0.61, β 11.67, LL −9595)', () => {
    const fit = models.paretoNbd!;
    assert.ok(fit.converged);
    near(fit.params.r, 0.55, 0.02, 'r');
    near(fit.params.alpha, 10.58, 0.01, 'α');
    near(fit.params.s, 0.61, 0.02, 's');
    near(fit.params.beta, 11.67, 0.01, 'β');
    assert.ok(Math.abs(fit.logLikelihood + 9595.0) < 0.1, `LL ${fit.logLikelihood}`);
  });

  test('cumulative repeat purchases through week 78 are within 5% of the actual count', () => {
    const starts = Array.from(summary.first, (first) => (first - START) / (7 * DAY));
    const [forecast] = bgNbdCumulativeForecast(models.bgNbd.params, starts, [78]);
    const actual = 2457 + 1882;
    assert.ok(Math.abs(forecast / actual - 1) < 0.05, `forecast ${forecast} vs actual ${actual}`);
  });

  test('holdout comparison: the period-by-period forecast beside the actual counts', () => {
    const comparison = compareHoldout(models, summary, holdout);
    assert.equal(comparison.forecast.length, 39);
    assert.equal(comparison.actualTotal, 1882);
    assert.equal(comparison.actual[38], 1882);
    let direct = 0;
    for (let i = 0; i < summary.size; i++) {
      direct += bgNbdConditionalExpected(models.bgNbd.params, summary.x[i], summary.tx[i], summary.T[i], 39);
    }
    assert.ok(Math.abs(comparison.forecastTotal - direct) < 1e-9 * direct);
    for (let k = 1; k < 39; k++) assert.ok(comparison.forecast[k] > comparison.forecast[k - 1]);
    // The aggregate conditional forecast is within 15% of the actual holdout count.
    assert.ok(Math.abs(comparison.forecastTotal / 1882 - 1) < 0.15, `forecast ${comparison.forecastTotal}`);
  });

  test('report and scores are complete and JSON-safe', () => {
    const report = fitReport(models);
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
    assert.equal(report.models.bgNbd.params.r.standardError !== null, true);
    const scores = scoreCustomers(models, summary, { horizon: 52 });
    for (let i = 0; i < summary.size; i++) {
      assert.ok(Number.isFinite(scores.clv[i]) && scores.clv[i] >= 0 && scores.pAlive[i] <= 1);
    }
  });
});
