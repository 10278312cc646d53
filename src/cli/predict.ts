import { parseArgs } from 'node:util';
import { fitWorkspace } from '../analytics/index.ts';
import { DEFAULT_WORKSPACE } from '../app/index.ts';
import { AppError, DAY } from '../core/index.ts';
import type { PredictFitReport } from '../predict/index.ts';
import { openContext } from './context.ts';

const HELP = `Usage:
  loopline predict fit [--until YYYY-MM-DD] [--unit days|weeks] [--event NAME] [--workspace NAME] [--json]

Fits BG/NBD (Fader, Hardie & Lee 2005) and the Gamma-Gamma spend model on the workspace's purchases
(--event, default "Order Completed"; purchases on one UTC day are one transaction) and prints each
model's parameters with standard errors and its log-likelihood in the chosen unit (default weeks).
Without --until, each customer's P(alive), expected purchases and spend, 12-month CLV, churn risk and
RFM scores are stored where rules read them (prediction p_alive < 0.3) and customers are re-evaluated.
With --until, the fit uses purchases before that day only and prints the forecast of repeat purchases
after it beside what actually happened; nothing is stored.`;

const num = (v: number | null, digits = 4) => (v === null ? '—' : v.toFixed(digits));

function printReport(report: PredictFitReport): void {
  console.log(
    `${report.customers} customers, ${report.repeatCustomers} with repeat purchases (unit: ${report.unit})`,
  );
  for (const [name, model] of Object.entries(report.models)) {
    if (!model) continue;
    console.log(
      `\n${name}: log-likelihood ${num(model.logLikelihood, 2)}, ${model.converged ? 'converged' : 'NOT converged'} in ${model.iterations} iterations`,
    );
    for (const [param, value] of Object.entries(model.params)) {
      console.log(
        `  ${param.padEnd(6)} ${num(value.estimate).padStart(12)}  (se ${num(value.standardError)})`,
      );
    }
  }
}

/** `loopline predict fit`: fit the purchase and spend models, print them, store the predictions. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      until: { type: 'string' },
      unit: { type: 'string' },
      event: { type: 'string' },
      workspace: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals[0] !== 'fit') {
    console.log(HELP);
    return values.help ? 0 : 1;
  }
  const unit = values.unit ?? 'weeks';
  if (unit !== 'days' && unit !== 'weeks')
    throw new AppError('bad_request', `--unit is days or weeks, not ${unit}`);
  let until: number | undefined;
  if (values.until !== undefined) {
    until = Date.parse(`${values.until}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.until) || !Number.isFinite(until)) {
      throw new AppError('bad_request', `--until ${values.until} is not a YYYY-MM-DD day`);
    }
    // The calibration period runs through that day.
    until += DAY;
  }
  const { store, clock } = await openContext();
  try {
    const name = values.workspace ?? DEFAULT_WORKSPACE;
    const ws = await store.workspaces.getByName(name);
    if (!ws) throw new AppError('not_found', `no workspace "${name}"`);
    const fit = await fitWorkspace(store, ws.id, {
      until,
      unit,
      event: values.event ?? 'Order Completed',
      now: clock.now(),
      store: true,
    });
    if (values.json) {
      console.log(JSON.stringify({ report: fit.report, holdout: fit.holdout, stored: fit.written }, null, 2));
      return 0;
    }
    printReport(fit.report);
    if (fit.holdout) {
      const h = fit.holdout;
      const diff = h.actualTotal === 0 ? 0 : (100 * (h.forecastTotal - h.actualTotal)) / h.actualTotal;
      console.log(
        `\nafter ${values.until}: forecast ${h.forecastTotal.toFixed(0)} repeat purchases over ${h.forecast.length} ${unit}, actual ${h.actualTotal} (${diff >= 0 ? '+' : ''}${diff.toFixed(1)}%)`,
      );
    } else {
      console.log(`\nstored predictions for ${fit.written} customers; the engine re-evaluates them now`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
