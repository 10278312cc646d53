import { iso } from '../core/index.ts';
import { printRule } from '../rules/index.ts';
import type { SegmentView } from './schemas.ts';
import type { GrowthDay, Segment, SegmentMember } from './segment-store.ts';

/** A UTC midnight as the API writes days: YYYY-MM-DD. */
export const dayText = (ms: number) => iso(ms).slice(0, 10);

/** A segment as the API shows it: the rule in both forms, and its size. */
export const segmentView = (s: Segment, size: number): SegmentView => ({
  key: s.key,
  name: s.name,
  description: s.description,
  kind: s.kind,
  rule: s.rule ? printRule(s.rule) : null,
  ruleJson: s.rule,
  size,
  createdAt: iso(s.createdAt),
  updatedAt: iso(s.updatedAt),
});

export const memberView = (m: SegmentMember) => ({ ...m, since: iso(m.since) });

export const growthView = (d: GrowthDay) => ({
  date: dayText(d.day),
  entered: d.entered,
  exited: d.exited,
  size: d.size,
});
