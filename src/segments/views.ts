import type { Static } from 'typebox';
import { type Holds, iso, type Same } from '../core/index.ts';
import { printRule } from '../rules/index.ts';
import type { GrowthSchema, MemberPageSchema, SegmentSchema } from './schemas.ts';
import type { GrowthDay, Segment, SegmentMember } from './segment-store.ts';

/** A UTC midnight as the API writes days: YYYY-MM-DD. */
export const dayText = (ms: number) => iso(ms).slice(0, 10);

/** A segment as the API shows it: the rule in both forms, and its size. */
export const segmentView = (s: Segment, size: number) => ({
  key: s.key,
  name: s.name,
  description: s.description,
  kind: s.kind,
  rule: s.rule ? printRule(s.rule) : null,
  // The node tree goes out as it is stored; the schema leaves its shape to the rule language.
  ruleJson: s.rule as unknown,
  size,
  createdAt: iso(s.createdAt),
  updatedAt: iso(s.updatedAt),
});

/** A member of a segment as the API shows it. */
export const memberView = (m: SegmentMember) => ({ ...m, since: iso(m.since) });

/** One UTC day of a segment's growth as the API shows it. */
export const growthView = (d: GrowthDay) => ({
  date: dayText(d.day),
  entered: d.entered,
  exited: d.exited,
  size: d.size,
});

// The views and the response schemas must not drift apart (see core/schema-check.ts).
export type ViewsAgree = [
  Holds<Same<Static<typeof SegmentSchema>, ReturnType<typeof segmentView>>>,
  Holds<Same<Static<typeof MemberPageSchema>['items'][number], ReturnType<typeof memberView>>>,
  Holds<Same<Static<typeof GrowthSchema>['days'][number], ReturnType<typeof growthView>>>,
];
