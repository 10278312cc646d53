import type { AnalyticsStorage } from '../analytics/analytics-store.ts';
import type { AnalyticsSettingsOverrides } from '../analytics/kpis/index.ts';
import type { EngineStorage } from '../engine/index.ts';
import type { IdentitySettings, IngestOutcome } from '../identity/index.ts';
import type { JsonObject, Message } from '../ingest/message.ts';
import type { JobStorage } from '../jobs/index.ts';
import type { SegmentStorage } from '../segments/segment-store.ts';
import type { TouchpointConfig } from '../touchpoints/index.ts';

export type WorkspaceSettings = {
  identity: IdentitySettings;
  /** The workspace's own touchpoint rules, ahead of the defaults. */
  touchpoints?: TouchpointConfig;
  /** The workspace's analytics settings (event names, windows, thresholds), over the defaults. */
  analytics?: AnalyticsSettingsOverrides;
};

export type Workspace = { id: number; name: string; settings: WorkspaceSettings; createdAt: number };

export type KeyKind = 'write' | 'secret';

export type ApiKey = {
  id: number;
  workspaceId: number;
  kind: KeyKind;
  name: string;
  prefix: string;
  hash: string;
  createdAt: number;
  revokedAt: number | null;
};

export type Customer = {
  id: number;
  workspaceId: number;
  userId: string | null;
  email: string | null;
  traits: JsonObject;
  firstSeen: number;
  lastSeen: number;
  createdAt: number;
  updatedAt: number;
};

export type Identity = { kind: string; value: string; createdAt: number };

export type Merge = {
  fromCustomerId: number;
  intoCustomerId: number;
  reason: string;
  messageId: string;
  at: number;
};

export type StoredEvent = {
  id: number;
  customerId: number;
  messageId: string;
  type: string;
  name: string | null;
  userId: string | null;
  anonymousId: string | null;
  timestamp: number;
  receivedAt: number;
  payload: JsonObject;
  /** Written by Loopline itself (Stage Entered, Segment Exited, ...), not received from a client. */
  internal: boolean;
  /** The customer's lifecycle stage when the event happened, once the engine processed it. */
  stage: string | null;
  channel: string | null;
  touchpoint: string | null;
  campaign: string | null;
  /** The monetary value the event carried (properties.revenue, else total, else value). */
  value: number | null;
};

export type Page<T> = { items: T[]; next: string | null };

export type CustomerQuery = {
  userId?: string;
  email?: string;
  /** Customers whose trait `key` equals `value` (compared as text). */
  trait?: { key: string; value: string };
  cursor?: string;
  limit: number;
};

export type EventQuery = {
  customerId?: number;
  name?: string;
  type?: string;
  /** true: only Loopline's own events; false: only events received from clients; absent: both. */
  internal?: boolean;
  /** Inclusive lower and exclusive upper bound on the event timestamp (ms). */
  from?: number;
  to?: number;
  cursor?: string;
  limit: number;
};

export type IngestGroup = { workspaceId: number; messages: Message[]; settings: IdentitySettings };

/**
 * The storage port. Two adapters implement it (`sqlite/`, `postgres/`) and one test suite runs against
 * both. Every read and write is scoped by workspace id; nothing here ever crosses workspaces.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** The lifecycle engine's storage: its transactions, models, history and explanations. */
  readonly engine: EngineStorage;
  /** Segment definitions, membership and growth, for the admin API. */
  readonly segments: SegmentStorage;
  /** The reads analytics are computed from, marketing spend, and stored predictions. */
  readonly analytics: AnalyticsStorage;
  /** The durable jobs and timers (src/jobs): one table per store, shared by every worker on it. */
  readonly jobs: JobStorage;
  /** Applies the numbered migrations not yet applied; returns their numbers. */
  migrate(): Promise<number[]>;
  ping(): Promise<void>;
  close(): Promise<void>;

  createWorkspace(name: string, settings: WorkspaceSettings, now: number): Promise<Workspace>;
  getWorkspace(id: number): Promise<Workspace | null>;
  getWorkspaceByName(name: string): Promise<Workspace | null>;
  listWorkspaces(): Promise<Workspace[]>;
  updateWorkspaceSettings(id: number, settings: WorkspaceSettings): Promise<void>;

  insertApiKey(key: Omit<ApiKey, 'id' | 'revokedAt'>): Promise<ApiKey>;
  listApiKeys(workspaceId?: number): Promise<ApiKey[]>;
  findApiKeyByHash(hash: string): Promise<ApiKey | null>;
  getApiKey(id: number): Promise<ApiKey | null>;
  revokeApiKey(id: number, at: number): Promise<boolean>;

  /**
   * Stores the messages of several requests in one transaction (group commit): de-duplicates by
   * messageId per workspace, resolves identities, writes events and profiles. One outcome per group.
   */
  ingest(groups: IngestGroup[], now: number): Promise<IngestOutcome[]>;
  /**
   * How many events are waiting for their turn behind the ingest transactions in flight: the
   * group-commit writer reports each change. A store whose lifecycle engine shares the writer uses it
   * to put accepting events first while a flood lasts.
   */
  ingestWaiting?(events: number): void;
  /**
   * How many ingest transactions the store takes at once; it commits them one after another in the
   * order given. One when absent.
   */
  readonly ingestPipeline?: number;
  /**
   * Inserts events for known customers with no identity resolution: the raw insert rate of the event
   * log, used as the ceiling in benchmarks and by bulk loads that resolved identities themselves.
   */
  insertEventsRaw(workspaceId: number, events: { message: Message; customerId: number }[]): Promise<number>;

  listCustomers(workspaceId: number, query: CustomerQuery): Promise<Page<Customer>>;
  getCustomer(workspaceId: number, id: number): Promise<Customer | null>;
  /** The profile a merged-away customer id now lives in, or null if it was never merged. */
  findSurvivor(workspaceId: number, mergedId: number): Promise<number | null>;
  customerIdentities(workspaceId: number, customerId: number): Promise<Identity[]>;
  customerMerges(workspaceId: number, customerId: number): Promise<Merge[]>;
  listEvents(workspaceId: number, query: EventQuery): Promise<Page<StoredEvent>>;
  /** Events received from clients (Loopline's own events not counted). */
  countEvents(workspaceId: number): Promise<number>;
}
