import type { LifecycleModel } from '../lifecycle/index.ts';
import type { LogPlan } from './engine-store.ts';
import type { SegmentDefinition, WatcherDefinition } from './runtime.ts';
import type { CustomerRecord, EngineEvent, StageMove } from './types.ts';

export type StoredModel = { version: number; model: LifecycleModel; createdAt: number };

export type RecomputeStatus = {
  version: number;
  done: number;
  total: number;
  startedAt: number;
  finishedAt: number | null;
};

/** A recorded move as the history shows it. */
export type StageHistoryEntry = Omit<StageMove, 'customerId'> & { id: number };

export type CurrentStage = { stage: string; since: number };

/** The read and configuration side of the engine's tables, for the admin API and the CLI. */
export interface EngineAdmin {
  /**
   * Stores `model` as the workspace's next version, makes it active and starts the recompute of
   * every customer under it. Returns the new version.
   */
  publishModel(workspaceId: number, model: LifecycleModel, now: number): Promise<number>;
  /**
   * Tells the engines the workspace's configuration changed (segments, say) and starts a recompute of
   * every customer under the active model version (0 when there is none).
   */
  startRecompute(workspaceId: number, now: number): Promise<void>;
  /** The active model, or a given version of it. */
  getModel(workspaceId: number, version?: number): Promise<StoredModel | null>;
  listModelVersions(workspaceId: number): Promise<{ version: number; createdAt: number; active: boolean }[]>;
  recomputeStatus(workspaceId: number): Promise<RecomputeStatus | null>;
  /** A customer as the engine sees them, for explanations and dry runs. */
  customerRecord(workspaceId: number, customerId: number): Promise<CustomerRecord | null>;
  /** Customers in id order after `afterId`, for dry runs. */
  customerRecords(workspaceId: number, afterId: number, limit: number): Promise<CustomerRecord[]>;
  /** The customer's log up to what the engine processed, for dry-run feature rebuilds. */
  customerLogForDryRun(workspaceId: number, customerId: number, plan: LogPlan): Promise<EngineEvent[]>;
  /** The workspace's segments as the engine compiles them. */
  segmentDefinitions(workspaceId: number): Promise<SegmentDefinition[]>;
  /** The rules other capabilities watch on the workspace's customers (see `WatcherDefinition`). */
  watchers(workspaceId: number): Promise<WatcherDefinition[]>;
  currentStages(workspaceId: number, customerIds: number[]): Promise<Map<number, CurrentStage>>;
  /** A customer's stage history, newest first; `before` is a move id to page from. */
  stageHistory(
    workspaceId: number,
    customerId: number,
    before: number | null,
    limit: number,
  ): Promise<StageHistoryEntry[]>;
}

/** A store's lifecycle side for the admin API and the CLI (the engine's own steps go through `Store.write`). */
export type EngineStorage = EngineAdmin;
