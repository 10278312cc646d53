export * from './schemas.ts';
export { segmentOf } from './segment-of.ts';
export { checkSegmentReferences, readSegmentRule, usesOfSegment } from './segment-rules.ts';
export type {
  GrowthDay,
  Identifiers,
  NewSegment,
  Resolution,
  Segment,
  SegmentKind,
  SegmentMember,
  SegmentPatch,
  SegmentStorage,
  SegmentWithSize,
} from './segment-store.ts';
export { readUpload } from './upload.ts';
export { dayText, growthView, memberView, segmentView } from './views.ts';
