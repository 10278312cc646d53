export * from './schemas.ts';
export { checkSegmentReferences, readSegmentRule, segmentReads, usesOfSegment } from './segment-rules.ts';
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
