import type { Page } from '../core/index.ts';
import type { Rule } from '../rules/index.ts';

/** Rule segments are kept by the engine from their rule; static ones are lists people upload. */
export type SegmentKind = 'rule' | 'static';

/** A segment as stored. `rule` is the canonical node tree of a rule segment, null for a static one. */
export type Segment = {
  id: number;
  workspaceId: number;
  key: string;
  name: string;
  description: string | null;
  kind: SegmentKind;
  rule: Rule | null;
  createdAt: number;
  updatedAt: number;
};

export type SegmentWithSize = Segment & { size: number };

export type NewSegment = Pick<Segment, 'key' | 'name' | 'description' | 'kind' | 'rule'>;

/** The fields an update may change; absent ones stay as they are. */
export type SegmentPatch = { name?: string; description?: string | null; rule?: Rule };

/** One UTC day of a segment's history: who entered and left that day, and its size at the day's end. */
export type GrowthDay = { day: number; entered: number; exited: number; size: number };

export type SegmentMember = {
  customerId: number;
  userId: string | null;
  email: string | null;
  since: number;
};

/** What an upload names a customer by. */
export type Identifiers = { userIds: string[]; emails: string[]; customerIds: number[] };

/** The customers an upload named, and the identifiers that named nobody in the workspace. */
export type Resolution = { customerIds: number[]; unmatched: Identifiers };

/**
 * The segments' tables for the admin API: definitions, live membership (kept by the engine for rule
 * segments, by uploads for static ones) and the daily entries and exits behind growth charts. Every
 * call is scoped by workspace id. A write that changes what rules can see (a rule, a static list, a
 * deletion) also restarts the workspace's recompute in the same transaction, so the engine reloads
 * its configuration and re-evaluates every customer: rule segments fill for existing customers and
 * rules that use `in segment "x"` see the change.
 */
export interface SegmentStorage {
  /**
   * Stores a new segment, and for a static one its first `members`, in one transaction: a failure
   * leaves no empty segment behind. Null when the workspace already has one with this key.
   */
  create(workspaceId: number, segment: NewSegment, now: number, members?: number[]): Promise<Segment | null>;
  get(workspaceId: number, key: string): Promise<Segment | null>;
  /** Every segment of the workspace in creation order, each with its current size. */
  list(workspaceId: number): Promise<SegmentWithSize[]>;
  /** Changes name, description or rule; null when there is no such segment. */
  update(workspaceId: number, key: string, patch: SegmentPatch, now: number): Promise<Segment | null>;
  /** Deletes the segment with its members and daily counts, and drops its key from every customer. */
  delete(workspaceId: number, key: string, now: number): Promise<boolean>;
  size(workspaceId: number, segmentId: number): Promise<number>;
  /**
   * Entries, exits and size at the end of each UTC day from `fromDay` to `toDay` (both the epoch ms of
   * a midnight, inclusive), one entry per day even when nothing happened.
   */
  growth(workspaceId: number, segmentId: number, fromDay: number, toDay: number): Promise<GrowthDay[]>;
  /** Members in customer id order, with their userId and email. */
  members(
    workspaceId: number,
    segmentId: number,
    page: { cursor?: string; limit: number },
  ): Promise<Page<SegmentMember>>;
  /**
   * Adds customers of the workspace to a static segment; returns the ids that were not members yet, in id order.
   * Ids of other workspaces are ignored.
   */
  addMembers(workspaceId: number, segmentId: number, customerIds: number[], now: number): Promise<number[]>;
  /** Removes customers from a static segment; returns the ids that were members, in id order. */
  removeMembers(
    workspaceId: number,
    segmentId: number,
    customerIds: number[],
    now: number,
  ): Promise<number[]>;
  /**
   * The workspace's customers that uploaded identifiers name: by any of their user ids, by email
   * (normalised as ingest does) or by id (a merged-away id names its survivor).
   */
  resolve(workspaceId: number, identifiers: Identifiers): Promise<Resolution>;
}
