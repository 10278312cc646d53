import type { AnalyticsStorage } from '../analytics/index.ts';
import type { Message } from '../core/index.ts';
import type { CustomerStorage } from '../customers/index.ts';
import type { EngineStorage, EngineTx } from '../engine/index.ts';
import type { IngestTransaction } from '../identity/index.ts';
import type { IngestStorage } from '../ingest/index.ts';
import type { JobStorage, JobWritesInUnit } from '../jobs/index.ts';
import type { JourneyStorage, JourneyWritesInUnit } from '../journeys/index.ts';
import type { MessagingStorage, MessagingWritesInUnit, TemplateStorage } from '../messaging/index.ts';
import type { SegmentStorage } from '../segments/index.ts';
import type { UserStorage } from '../users/index.ts';
import type { KeyStorage, WorkspaceStorage } from '../workspaces/index.ts';

/**
 * One write transaction's facets, one per capability that writes in it: whatever a unit does through
 * any of them commits together or not at all (an event, the stage move it causes and, with journeys,
 * the enrolment and its timers). A capability that joins the engine's steps adds its facet here and in
 * each adapter's unit.
 */
export type WriteUnit = {
  readonly engine: EngineTx;
  readonly ingest: IngestTransaction;
  readonly jobs: JobWritesInUnit;
  readonly journeys: JourneyWritesInUnit;
  /** Messaging's: the journeys' enqueue, and the sender's and the routes' writes. */
  readonly outbox: MessagingWritesInUnit;
};

/**
 * The storage of every capability, one port each. Two adapters implement it (`sqlite/`, `postgres/`)
 * and one test suite runs against both. Every read and write is scoped by workspace id; nothing here
 * ever crosses workspaces. A capability takes its own port (`store.customers`), never the whole store.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly workspaces: WorkspaceStorage;
  readonly keys: KeyStorage;
  /** Dashboard users, their roles per workspace, sessions and sign-in attempts. */
  readonly users: UserStorage;
  readonly customers: CustomerStorage;
  readonly ingest: IngestStorage;
  /** The lifecycle engine's storage: its transactions, models, history and explanations. */
  readonly engine: EngineStorage;
  /** Segment definitions, membership and growth, for the admin API. */
  readonly segments: SegmentStorage;
  /** The reads analytics are computed from, marketing spend, and stored predictions. */
  readonly analytics: AnalyticsStorage;
  /** The durable jobs and timers (src/jobs): one table per store, shared by every worker on it. */
  readonly jobs: JobStorage;
  /** Journey definitions, versions, and every customer's entries and paths. */
  readonly journeys: JourneyStorage;
  /** The outbox, delivery events, capture inbox, suppressions, topics, subscriptions and sending settings. */
  readonly messaging: MessagingStorage;
  /** Message templates: drafts, published versions (the sender reads these), and link secrets. */
  readonly templates: TemplateStorage;
  /**
   * Runs `fn` in one write unit. On SQLite it takes this connection's turn among its writes; on
   * PostgreSQL it runs `fn` again from the start when another process's transaction got in the way
   * (a unique violation, a serialization failure or a deadlock), so `fn` must be safe to repeat.
   */
  write<T>(fn: (unit: WriteUnit) => Promise<T>): Promise<T>;
  /** Applies the numbered migrations not yet applied; returns their numbers. */
  migrate(): Promise<number[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * How an adapter runs, for the wiring (`app/`) and the benches only: capabilities never see it.
 */
export interface StoreMechanics {
  /**
   * How many events are waiting for their turn behind the ingest transactions in flight: the
   * group-commit writer reports each change. A store whose lifecycle engine shares the writer uses it
   * to put accepting events first while a flood lasts.
   */
  ingestWaiting(events: number): void;
  /**
   * How many ingest transactions the store takes at once; it commits them one after another in the
   * order given.
   */
  readonly ingestPipeline: number;
  /** True when a thread of this store runs the lifecycle engine (nobody else should). */
  readonly runsEngine: boolean;
  /** Starts the store's own engine when it runs one; a no-op otherwise. */
  startOwnEngine(): void;
  /**
   * Inserts events for known customers with no identity resolution: the raw insert rate of the event
   * log, used as the ceiling in benchmarks and by bulk loads that resolved identities themselves.
   */
  insertEventsRaw(workspaceId: number, events: { message: Message; customerId: number }[]): Promise<number>;
}

/** A store as `openStore` opens it: the ports and the mechanics. */
export type OpenStore = Store & StoreMechanics;
