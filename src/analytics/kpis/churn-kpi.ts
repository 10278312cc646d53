import type { MoveRow } from '../analytics-store.ts';
import type { KpiContext } from './kpi-context.ts';
import { churnStages } from './settings.ts';
import { divide, type KpiValues, noData, perSlot } from './slots.ts';

/**
 * Churned customers / the base at the start of each slot. Stage counts are only stored for the present,
 * so the counts at a time are rebuilt from today's counts by undoing every move since: each move took
 * one customer out of `from` and into `to`. A customer churns when they move from a stage that is not
 * a churn stage into one (first placements, from null, are not churn); they count once per slot.
 */
export async function churnRate({ slots, settings, inputs, lapseStages }: KpiContext): Promise<KpiValues> {
  const churn = new Set(churnStages(settings, lapseStages));
  if (churn.size === 0) return noData(slots);
  const baseStages = settings.churnBaseStages ? new Set(settings.churnBaseStages) : null;
  const inBase = (stage: string) => (baseStages ? baseStages.has(stage) : !churn.has(stage));
  // Stable: moves of the same millisecond keep their order.
  const moves = [...(await inputs.moves())].sort((a, b) => a.at - b.at);
  const counts = new Map<string, number>();
  const add = (stage: string | null, n: number) => {
    if (stage !== null) counts.set(stage, (counts.get(stage) ?? 0) + n);
  };
  for (const { stage, customers } of await inputs.stageCounts()) add(stage, customers);
  const apply = (m: MoveRow, sign: number) => {
    add(m.to, sign);
    add(m.from, -sign);
  };
  for (const m of moves) apply(m, -1);

  const base = perSlot(slots);
  let k = 0;
  for (let i = 0; i < slots.count; i++) {
    const start = slots.begin(i);
    while (k < moves.length && moves[k].at < start) apply(moves[k++], 1);
    for (const [stage, n] of counts) if (inBase(stage)) base[i] += n;
  }

  const churned = perSlot(slots);
  const slotOf = new Map<number, number>();
  for (const m of moves) {
    const i = slots.slot(m.at);
    if (i < 0 || m.from === null || churn.has(m.from) || !churn.has(m.to)) continue;
    if (slotOf.get(m.c) !== i) churned[i]++;
    slotOf.set(m.c, i);
  }
  return {
    value: divide(slotOf.size, base[0]),
    series: slots.series(Array.from(churned, (n, i) => divide(n, base[i]))),
  };
}
