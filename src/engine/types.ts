import type { JsonObject, MessageType } from '../core/index.ts';
import type { FeatureMap } from '../features/index.ts';
import type { Fact } from '../rules/index.ts';

/** An event as the engine reads it from the log. The payload is parsed only if a feature needs it. */
export type EngineEvent = {
  id: number;
  workspaceId: number;
  customerId: number;
  type: MessageType;
  name: string | null;
  timestamp: number;
  /** The payload as stored; null when it was not read because no feature needs its properties. */
  payload: string | null;
};

/** What the engine keeps per customer beside the profile. */
export type CustomerState = {
  stage: string | null;
  stageSince: number | null;
  modelVersion: number | null;
  segments: string[];
  features: FeatureMap;
  /** The feature plan `features` were built under; null forces a rebuild from the log. */
  signature: string | null;
  predictions: Record<string, number>;
  wakeAt: number | null;
  /** `features` encoded as stored: as loaded, then as about to be saved (see `encodeFeatures`). */
  featuresText?: string;
};

/** A customer as the engine evaluates them: profile fields and state (null before their first pass). */
export type CustomerRecord = {
  id: number;
  workspaceId: number;
  userId: string | null;
  anonymousId: string | null;
  traits: JsonObject;
  firstSeen: number;
  lastSeen: number;
  state: CustomerState | null;
};

export type MoveCause = 'event' | 'time' | 'model' | 'merge';

/** One stage move, as recorded in the history. */
export type StageMove = {
  customerId: number;
  from: string | null;
  to: string;
  at: number;
  cause: MoveCause;
  eventId: number | null;
  modelVersion: number | null;
  /** The deciding rule in text form (empty for the fallback stage). */
  rule: string;
  facts: Fact[];
};

export type SegmentChange = {
  segmentId: number;
  segment: string;
  customerId: number;
  entered: boolean;
  at: number;
};
