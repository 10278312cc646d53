import { type Arm, compareArms } from './compare-arms.ts';
import type { JourneyStorage } from './journey-storage.ts';

type Counts = Awaited<ReturnType<JourneyStorage['nodeCounts']>>;

/**
 * A journey's results from its entries' counts: how many entered (holdout apart), are inside now and
 * where, converted, and ended by reason; and per A/B variant, entries and conversions.
 */
export function journeyStats(id: number, counts: Counts) {
  const ended: Record<string, number> = {};
  const waiting = new Map<string, { version: number; node: string; waiting: number }>();
  const variants = new Map<string, { variant: string; entries: number; converted: number }>();
  let entered = 0;
  let holdout = 0;
  let active = 0;
  let converted = 0;
  const held: Arm = { entries: 0, converted: 0 };
  for (const c of counts) {
    entered += c.entries;
    converted += c.converted;
    if (c.status === 'holdout' || c.endReason === 'holdout-window') {
      held.entries += c.entries;
      held.converted += c.converted;
    }
    if (c.status === 'holdout') holdout += c.entries;
    else if (c.status === 'active') {
      active += c.entries;
      if (c.node !== null) {
        const key = `${c.version}:${c.node}`;
        const w = waiting.get(key) ?? { version: c.version, node: c.node, waiting: 0 };
        w.waiting += c.entries;
        waiting.set(key, w);
      }
    } else if (c.endReason === 'holdout-window') holdout += c.entries;
    if (c.status === 'ended')
      ended[c.endReason ?? 'completed'] = (ended[c.endReason ?? 'completed'] ?? 0) + c.entries;
    if (c.variant !== null) {
      const v = variants.get(c.variant) ?? { variant: c.variant, entries: 0, converted: 0 };
      v.entries += c.entries;
      v.converted += c.converted;
      variants.set(c.variant, v);
    }
  }
  const arms = [...variants.values()].sort((a, b) => a.variant.localeCompare(b.variant));
  const treated: Arm = { entries: entered - held.entries, converted: converted - held.converted };
  return {
    id,
    entered,
    holdout,
    active,
    converted,
    ended,
    nodes: [...waiting.values()],
    variants: arms.map((v, i) => ({ ...v, againstFirst: i === 0 ? null : compareArms(v, arms[0]!) })),
    // What the journey changed: its entrants against the holdout, who got nothing.
    lift: held.entries > 0 ? compareArms(treated, held) : null,
  };
}
