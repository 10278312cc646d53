import { DAY } from '../core/index.ts';
import type { Rule } from '../rules/index.ts';
import type { GrowthDay, Segment, SegmentKind, SegmentMember } from '../segments/index.ts';

/** Segment rows for both adapters. SQLite hands JSON back as text, PostgreSQL as parsed jsonb. */
type Row = Record<string, unknown>;

/** The UTC midnight a moment falls on, as the engine files segment_daily rows. */
export const dayOf = (ms: number): number => Math.floor(ms / DAY) * DAY;

export const toSegment = (r: Row): Segment => ({
  id: Number(r.id),
  workspaceId: Number(r.workspace_id),
  key: String(r.key),
  name: String(r.name),
  description: r.description === null || r.description === undefined ? null : String(r.description),
  kind: r.kind as SegmentKind,
  rule:
    r.rule === null || r.rule === undefined
      ? null
      : ((typeof r.rule === 'string' ? JSON.parse(r.rule) : r.rule) as Rule),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export const toMember = (r: Row): SegmentMember => ({
  customerId: Number(r.customer_id),
  userId: r.user_id === null ? null : String(r.user_id),
  email: r.email === null ? null : String(r.email),
  since: Number(r.since),
});

/**
 * One entry per day from `fromDay` to `toDay`, sizes running on from `before` (the net of every day
 * earlier than the range): days without a row had no entries or exits.
 */
export function fillGrowth(
  before: number,
  rows: { day: number; entered: number; exited: number }[],
  fromDay: number,
  toDay: number,
): GrowthDay[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: GrowthDay[] = [];
  let size = before;
  for (let day = fromDay; day <= toDay; day += DAY) {
    const r = byDay.get(day);
    const entered = r?.entered ?? 0;
    const exited = r?.exited ?? 0;
    size += entered - exited;
    out.push({ day, entered, exited, size });
  }
  return out;
}
