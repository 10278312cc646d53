import type { JsonObject } from '../core/index.ts';
import type { EngineAdmin } from '../engine/index.ts';
import type { AnalyticsSettingsOverrides } from './kpis/settings.ts';

/** A half-open time range [from, to) in epoch milliseconds. */
export type TimeRange = { from: number; to: number };

/** One event as the covering indexes give it: who, when, which name, and its monetary value. */
export type NamedEventRow = { c: number; t: number; name: string | null; v: number | null };

/** One event with what the engine and classifier stored on it; `properties` only when asked for. */
export type DetailedEventRow = NamedEventRow & {
  type: string;
  stage: string | null;
  channel: string | null;
  touchpoint: string | null;
  campaign: string | null;
  properties?: JsonObject;
};

export type DetailedEventQuery = TimeRange & {
  /** Only events with one of these names; absent: every event received from clients. */
  names?: string[];
  /** Only these customers' events. */
  customers?: number[];
  /** Read each event's properties too (one payload parse each: ask only when a filter needs them). */
  properties?: boolean;
};

/** A customer and a time: when they were first seen, first did something, or were active. */
export type CustomerTime = { c: number; t: number };

export type MoveRow = { c: number; from: string | null; to: string; at: number };

/** One UTC day of one customer's purchases: `day` is the epoch ms of its midnight, `v` its value. */
export type PurchaseDay = { c: number; day: number; v: number };

export type SpendRow = {
  /** The epoch ms of the UTC midnight the spend belongs to. */
  day: number;
  channel: string;
  /** '' when the spend is not broken down by campaign. */
  campaign: string;
  amount: number;
  impressions: number | null;
  clicks: number | null;
};

/** A customer's first marketing touch: the channel and campaign of their earliest event that had one. */
export type Acquisition = { c: number; channel: string; campaign: string | null };

export type StageCount = { stage: string; customers: number };

/** A stored fit of the prediction models (the report `loopline predict fit` prints). */
export type StoredFit = { id: number; fittedAt: number; report: JsonObject };

/**
 * What an analytics report reads: analytics' own port, and the workspace's active lifecycle model from
 * the engine's (the stages a report walks). The store satisfies it as it is.
 */
export type AnalyticsSources = {
  readonly analytics: AnalyticsStorage;
  readonly engine: Pick<EngineAdmin, 'getModel'>;
};

/**
 * The reads analytics are computed from, per store. Each returns narrow rows that an index answers
 * (see the analytics migration), and the metric is computed once in TypeScript over them for both
 * stores. Every call is scoped by workspace id. Events Loopline wrote itself (Stage Entered, ...) are
 * never counted as activity.
 */
export interface AnalyticsStorage {
  /** The workspace's own analytics settings (event names, windows, thresholds), if it set any. */
  settings(workspaceId: number): Promise<AnalyticsSettingsOverrides | undefined>;
  /** Track events named one of `names` in the range, from the name index alone. */
  namedEvents(workspaceId: number, names: string[], range: TimeRange): Promise<NamedEventRow[]>;
  /** Events with their stage, channel, touchpoint and campaign (one row read each). */
  detailedEvents(workspaceId: number, query: DetailedEventQuery): Promise<DetailedEventRow[]>;
  /** Every event received from clients in the range: who and when, from the time index alone. */
  activity(workspaceId: number, range: TimeRange): Promise<CustomerTime[]>;
  /**
   * The customers active (any event received from clients) per UTC day, ISO week or calendar month, with the
   * period index as analytics/periods.ts numbers it, for periods from ≤ p < to. One row per customer and
   * period, kept as events are stored.
   */
  activePeriods(
    workspaceId: number,
    unit: 'day' | 'week' | 'month',
    periods: { from: number; to: number },
  ): Promise<{ c: number; p: number }[]>;
  /** Count of page views per UTC day in the range (`day` as the epoch ms of its midnight). */
  pageViewsByDay(workspaceId: number, range: TimeRange): Promise<{ day: number; views: number }[]>;
  /** Customers first seen in the range, with when. */
  firstSeen(workspaceId: number, range: TimeRange): Promise<CustomerTime[]>;
  /** Each customer's first event named `name` ever, for the customers whose first one is in the range. */
  firstOccurrences(workspaceId: number, name: string, range: TimeRange): Promise<CustomerTime[]>;
  /** Stage moves in the range, in no particular order. */
  moves(workspaceId: number, range: TimeRange): Promise<MoveRow[]>;
  /** Customers per current stage (customers the engine has not placed are not counted). */
  stageCounts(workspaceId: number): Promise<StageCount[]>;
  /** The segments each of these customers is in now (customers in none are left out). */
  customerSegments(workspaceId: number, customers: number[]): Promise<Map<number, string[]>>;
  /** The first-touch channel and campaign of these customers (those with no marketing touch are left out). */
  acquisitions(workspaceId: number, customers: number[]): Promise<Acquisition[]>;
  /** Purchase value per customer and UTC day for events named `name` before `until`, by customer then day. */
  purchaseDays(workspaceId: number, name: string, until: number): Promise<PurchaseDay[]>;

  /** Stores spend rows, replacing any row of the same day, channel and campaign; returns how many were new. */
  putSpend(workspaceId: number, rows: SpendRow[]): Promise<{ inserted: number; replaced: number }>;
  spend(workspaceId: number, range: TimeRange): Promise<SpendRow[]>;

  /**
   * Stores each customer's predictions (P(alive), CLV, tiers...) where rules read them, in batches so that
   * ingest never waits long; customers without engine state get a state row. Returns how many were written.
   */
  writePredictions(
    workspaceId: number,
    predictions: { c: number; p: JsonObject }[],
    now: number,
  ): Promise<number>;
  /** Has the engine re-evaluate every customer of the workspace, so that rules see new predictions. */
  restartRecompute(workspaceId: number, now: number): Promise<void>;
  saveFit(workspaceId: number, report: JsonObject, now: number): Promise<StoredFit>;
  latestFit(workspaceId: number): Promise<StoredFit | null>;
}
