import type { LogFilter } from '../features/index.ts';

/** What a feature rebuild reads of a log: which events, and of which the payload. */
export type LogPlan = {
  readonly logFilter: LogFilter | null;
  wants(type: EngineEvent['type'], name: string | null): boolean;
  needsPayload(type: EngineEvent['type'], name: string | null): boolean;
};

import type { Message } from '../core/index.ts';
import type { ActiveModel, SegmentDefinition, WatcherDefinition } from './runtime.ts';
import type { CustomerRecord, CustomerState, EngineEvent, SegmentChange, StageMove } from './types.ts';

export type RuntimeSource = {
  generation: number;
  active: ActiveModel | null;
  segments: SegmentDefinition[];
  watchers: WatcherDefinition[];
};

export type RecomputeJob = { workspaceId: number; version: number; cursor: number; done: number };

/**
 * What the engine needs from a store inside one write transaction. Each adapter implements it with its
 * own SQL; the engine composes the steps the same way for both.
 */
export interface EngineTx {
  /** Configuration generation of every workspace that has one. */
  generations(): Promise<Map<number, number>>;
  runtimeSource(workspaceId: number): Promise<RuntimeSource>;
  /**
   * Up to `limit` events not yet processed (never the engine's own), in log order, and the id up to
   * which the log is then accounted for: every event up to it is processed or in this batch.
   */
  claimEvents(limit: number): Promise<{ events: EngineEvent[]; upTo: number }>;
  /** Marks the log as processed up to `upTo`. */
  finishEvents(upTo: number): Promise<void>;
  loadCustomers(workspaceId: number, ids: number[]): Promise<Map<number, CustomerRecord>>;
  /**
   * Customers' logs up to `upTo` plus the engine's own events of them, each in order: the source of a
   * feature rebuild (events past `upTo` are still to be processed and fold in then). Only the events
   * the plan's filter names (the others cannot feed any feature); payloads may be left out (null) where
   * the plan does not need them.
   */
  customerLogs(
    workspaceId: number,
    customerIds: number[],
    upTo: number,
    plan: LogPlan,
  ): Promise<Map<number, EngineEvent[]>>;
  dueCustomers(
    now: number,
    limit: number,
  ): Promise<{ workspaceId: number; customerId: number; wakeAt: number }[]>;
  saveStates(
    workspaceId: number,
    states: { customerId: number; state: CustomerState }[],
    now: number,
  ): Promise<void>;
  /** Records moves; returns their ids in order. */
  recordMoves(workspaceId: number, moves: StageMove[]): Promise<number[]>;
  applySegmentChanges(workspaceId: number, changes: SegmentChange[]): Promise<void>;
  /** Appends the engine's own events (Stage Entered, ...) to the log; returns them as stored. */
  appendEvents(
    workspaceId: number,
    events: { customerId: number; message: Message }[],
  ): Promise<EngineEvent[]>;
  setEventStages(workspaceId: number, updates: { eventId: number; stage: string }[]): Promise<void>;
  pendingRecompute(): Promise<RecomputeJob | null>;
  customersAfter(workspaceId: number, afterId: number, limit: number): Promise<number[]>;
  advanceRecompute(job: RecomputeJob, cursor: number, done: number, finishedAt: number | null): Promise<void>;
}

/** The store's write unit as the engine sees it: its own facet, among whatever others the store has. */
export type EngineUnit = { readonly engine: EngineTx };

/**
 * The store the engine steps against: one write unit per step, in which the engine's facet and every
 * other capability's (journeys, jobs, the outbox) commit together or not at all.
 */
export interface EngineStore<U extends EngineUnit = EngineUnit> {
  write<T>(fn: (unit: U) => Promise<T>): Promise<T>;
}
