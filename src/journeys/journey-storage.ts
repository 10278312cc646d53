import type { Json, JsonObject } from '../core/index.ts';
import type { Entry, PathStep } from './entry.ts';
import type { JourneyDefinition } from './model.ts';
import type { NodeMoves } from './trigger-jobs.ts';

/** draft: never published; live: customers enter and move; paused: they wait, nobody enters; archived: over. */
export type JourneyStatus = 'draft' | 'live' | 'paused' | 'archived';

/** A journey as people manage it: its working draft and which version runs. */
export type JourneyRecord = {
  id: number;
  workspaceId: number;
  key: string;
  name: string;
  status: JourneyStatus;
  draft: JourneyDefinition;
  liveVersion: number | null;
  createdAt: number;
  updatedAt: number;
};

/** A published version of a journey that customers run (or wait in, while paused). */
export type RunningJourney = {
  id: number;
  version: number;
  status: 'live' | 'paused';
  definition: JourneyDefinition;
};

/** An entry to create: what enrolled them (`cause`) makes it unique, so a replayed cause enrols nobody. */
export type NewEntry = {
  workspaceId: number;
  journeyId: number;
  version: number;
  customerId: number;
  cause: string;
  enteredAt: number;
  goalUntil: number | null;
  event: JsonObject | null;
};

/** One path step as stored, with its entry. */
export type StoredStep = PathStep & { entryId: number };

/** The journeys' side of a write unit: what the reactor and the timers read and write in it. */
export interface JourneyWritesInUnit {
  /** The workspace's live and paused journeys with the version each runs. */
  running(workspaceId: number): Promise<RunningJourney[]>;
  /** The customers' entries that an event may move: live ones, and ended ones whose goal window is open. */
  openEntries(workspaceId: number, customerIds: readonly number[]): Promise<Entry[]>;
  /** Each (journey, customer)'s latest entry, for the entry policy; keyed `${journeyId}:${customerId}`. */
  latestEntries(
    workspaceId: number,
    journeyIds: readonly number[],
    customerIds: readonly number[],
  ): Promise<Map<string, Entry>>;
  /** Creates the entries whose cause is new; returns those created, with their ids, in no set order. */
  insertEntries(entries: readonly NewEntry[]): Promise<Entry[]>;
  /** Writes entries back after a step (a move onto a newer version changes their version too). */
  saveEntries(entries: readonly Entry[]): Promise<void>;
  appendSteps(steps: readonly StoredStep[]): Promise<void>;
  entriesById(workspaceId: number, ids: readonly number[]): Promise<Entry[]>;
  /** A published version's definition (customers finish on the version they entered). */
  definitionOf(journeyId: number, version: number): Promise<JourneyDefinition>;
  /**
   * The next `limit` customers after `afterId` (by id) whose trait is set, with its value and their
   * `timezone` trait: a date trigger's first schedule, page by page.
   */
  customersWithTrait(
    workspaceId: number,
    trait: string,
    afterId: number,
    limit: number,
  ): Promise<{ customerId: number; value: Json; timeZone: Json }[]>;
  /** The next `limit` entries after `afterId` (by id) waiting at `node` of a journey's version. */
  entriesAtNode(
    workspaceId: number,
    journeyId: number,
    version: number,
    node: string,
    afterId: number,
    limit: number,
  ): Promise<Entry[]>;
  /** The next `limit` members of a segment (by key) after `afterId`, by id: a broadcast's next page. */
  segmentMembers(workspaceId: number, segment: string, afterId: number, limit: number): Promise<number[]>;
}

/** The journeys' storage for the admin API and the CLI. */
export interface JourneyStorage {
  /** Creates a draft; null when the key is taken in the workspace. */
  create(workspaceId: number, draft: JourneyDefinition, now: number): Promise<JourneyRecord | null>;
  /** Replaces the draft (the key stays); null when there is no such journey. */
  saveDraft(
    workspaceId: number,
    id: number,
    draft: JourneyDefinition,
    now: number,
  ): Promise<JourneyRecord | null>;
  get(workspaceId: number, id: number): Promise<JourneyRecord | null>;
  list(workspaceId: number): Promise<JourneyRecord[]>;
  /**
   * Freezes the draft as the next version and makes it the one new entrants run (customers inside an
   * older version finish on it); hands its rules to the engine to watch. With `moves`, whose `from`
   * must still be the live version (else a conflict), it makes the job that moves the customers waiting
   * at those nodes onto the new version. Returns the new version, or null when archived.
   */
  publish(
    workspaceId: number,
    id: number,
    rules: readonly unknown[],
    now: number,
    moves: { from: number; nodes: NodeMoves } | null,
  ): Promise<number | null>;
  /** Pauses, resumes (live) or archives; archiving ends every entry still inside. */
  setStatus(
    workspaceId: number,
    id: number,
    status: 'live' | 'paused' | 'archived',
    now: number,
  ): Promise<JourneyRecord | null>;
  versions(
    workspaceId: number,
    id: number,
  ): Promise<{ version: number; publishedAt: number; definition: JourneyDefinition }[]>;
  /** A customer's entries in every journey, newest first, each with its path. */
  customerEntries(workspaceId: number, customerId: number): Promise<(Entry & { steps: PathStep[] })[]>;
  /** Entries per node and status of a journey (all versions), for results. */
  nodeCounts(
    workspaceId: number,
    id: number,
  ): Promise<
    {
      version: number;
      node: string | null;
      status: string;
      endReason: string | null;
      variant: string | null;
      entries: number;
      converted: number;
    }[]
  >;
}
