import { MESSAGE_EVENT_KINDS } from '../messaging/index.ts';
import { type Arm, compareArms } from './compare-arms.ts';
import type { JourneyStorage } from './journey-storage.ts';
import type { MessageCounts } from './schemas.ts';

type Counts = Awaited<ReturnType<JourneyStorage['nodeCounts']>>;

/**
 * A journey's results from its entries' counts: how many entered (holdout apart), are inside now and
 * where, converted, and ended by reason; and per A/B variant, entries and conversions.
 */
export function journeyStats(id: number, counts: Counts, messages: readonly MessageCounts[] = []) {
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
    messages: [...messages],
  };
}

/** A CSV field: quoted when it holds a separator, a quote or a line break. */
const field = (v: string | number | null) => {
  const text = v === null ? '' : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * A journey's results per version, node and A/B variant as CSV (RFC 4180): the customers waiting there
 * now and, for send nodes, what their messages came to. Rows in version, node, variant order.
 */
export function statsCsv(counts: Counts, messages: readonly MessageCounts[]): string {
  type Row = {
    version: number;
    node: string;
    variant: string | null;
    waiting: number;
    m: MessageCounts | null;
  };
  const rows = new Map<string, Row>();
  const row = (version: number, node: string, variant: string | null) => {
    const key = JSON.stringify([version, node, variant]);
    let r = rows.get(key);
    if (!r) {
      r = { version, node, variant, waiting: 0, m: null };
      rows.set(key, r);
    }
    return r;
  };
  for (const c of counts)
    if (c.status === 'active' && c.node !== null) row(c.version, c.node, c.variant).waiting += c.entries;
  for (const m of messages) row(m.version, m.nodeId, m.variant).m = m;
  const sorted = [...rows.values()].sort(
    (a, b) =>
      a.version - b.version ||
      a.node.localeCompare(b.node) ||
      (a.variant ?? '').localeCompare(b.variant ?? ''),
  );
  const lines = [['version', 'node', 'variant', 'waiting', ...MESSAGE_EVENT_KINDS].join(',')];
  for (const r of sorted)
    lines.push(
      [r.version, r.node, r.variant, r.waiting, ...MESSAGE_EVENT_KINDS.map((k) => r.m?.[k] ?? 0)]
        .map(field)
        .join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}
