/**
 * Conditional forecasts for a whole customer base at once. Both purchase models factor the
 * conditional expectation as P(alive | x, t_x, T) × E_alive(t; x, T), where the second factor is the
 * expectation for a customer alive at T with the posterior parameters (BG/NBD: r+x, α+T, a, b+x;
 * Pareto/NBD: r+x, α+T, s, β+T). So P(alive) is computed once per distinct (x, t_x, T) and the
 * expectation path once per distinct (x, T), then spread over the customers.
 */
import type { BgNbdParams } from './bg-nbd.ts';
import { aliveExpected, bgNbdPAlive } from './bg-nbd-predict.ts';
import { type GroupedHistories, groupColumns } from './groups.ts';
import { type ParetoNbdParams, paretoAliveExpected, paretoNbdPAlive } from './pareto-nbd.ts';
import type { CustomerSummary } from './summary.ts';

export type PurchaseModel = 'bg-nbd' | 'pareto-nbd';

/** The fitted purchase models, as fitModels returns them (only `params` is read). */
export type PurchaseModels = {
  bgNbd: { params: BgNbdParams } | null;
  paretoNbd?: { params: ParetoNbdParams } | null;
};

export type BaseForecast = {
  groups: GroupedHistories;
  /** P(alive) per group. */
  pAlive: Float64Array;
  /** Per group, the row of `paths` with its alive-expectation path. */
  pathOf: Int32Array;
  /** Row-major: for each distinct (x, T), E_alive at each of `times`. */
  paths: Float64Array;
  times: ArrayLike<number>;
};

/** Computes P(alive) per group and the alive-expectation paths at `times` (in the summary's unit). */
export function forecastBase(
  models: PurchaseModels,
  model: PurchaseModel,
  summary: CustomerSummary,
  times: ArrayLike<number>,
): BaseForecast {
  const groups = groupColumns(summary.x, summary.tx, summary.T);
  const pAlive = new Float64Array(groups.size);
  const pathOf = new Int32Array(groups.size);
  const rowOf = new Map<number, number>();
  const rows: number[] = [];
  const nT = groups.Ts.length;
  for (let g = 0; g < groups.size; g++) {
    const key = groups.xIndex[g] * nT + groups.TIndex[g];
    let row = rowOf.get(key);
    if (row === undefined) {
      row = rows.length;
      rowOf.set(key, row);
      rows.push(g);
    }
    pathOf[g] = row;
  }
  const K = times.length;
  const paths = new Float64Array(rows.length * K);
  if (model === 'bg-nbd') {
    if (!models.bgNbd) throw new Error('forecast: no BG/NBD fit');
    const p = models.bgNbd.params;
    for (let g = 0; g < groups.size; g++) pAlive[g] = bgNbdPAlive(p, groups.x[g], groups.tx[g], groups.T[g]);
    for (let j = 0; j < rows.length; j++) {
      const x = groups.x[rows[j]];
      const T = groups.T[rows[j]];
      for (let k = 0; k < K; k++)
        paths[j * K + k] = aliveExpected(p.r + x, p.alpha + T, p.a, p.b + x, times[k]);
    }
  } else {
    if (!models.paretoNbd) throw new Error('forecast: no Pareto/NBD fit');
    const p = models.paretoNbd.params;
    for (let g = 0; g < groups.size; g++)
      pAlive[g] = paretoNbdPAlive(p, groups.x[g], groups.tx[g], groups.T[g]);
    for (let j = 0; j < rows.length; j++) {
      const x = groups.x[rows[j]];
      const T = groups.T[rows[j]];
      for (let k = 0; k < K; k++) {
        paths[j * K + k] = paretoAliveExpected(p.r + x, p.alpha + T, p.s, p.beta + T, times[k]);
      }
    }
  }
  return { groups, pAlive, pathOf, paths, times };
}

/** Σ over customers of the conditional expectation at each time: the base's total forecast. */
export function totalForecast(base: BaseForecast): Float64Array {
  const K = base.times.length;
  const out = new Float64Array(K);
  const { groups, pAlive, pathOf, paths } = base;
  for (let g = 0; g < groups.size; g++) {
    const w = groups.weight[g] * pAlive[g];
    const row = pathOf[g] * K;
    for (let k = 0; k < K; k++) out[k] += w * paths[row + k];
  }
  return out;
}
