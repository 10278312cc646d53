import type { JsonObject, Page } from '../core/index.ts';

/** One person's profile: the survivor of every merge of the identities that turned out to be them. */
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

export type CustomerQuery = {
  userId?: string;
  email?: string;
  /** Customers whose trait `key` equals `value` (compared as text). */
  trait?: { key: string; value: string };
  /** Customers in this lifecycle stage now, read through the stage index (never a scan of the rest). */
  stage?: string;
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

/** The profiles and the event log as the admin API, the CLI and analytics read them. Scoped by workspace. */
export interface CustomerStorage {
  list(workspaceId: number, query: CustomerQuery): Promise<Page<Customer>>;
  get(workspaceId: number, id: number): Promise<Customer | null>;
  /** The profile a merged-away customer id now lives in, or null if it was never merged. */
  findSurvivor(workspaceId: number, mergedId: number): Promise<number | null>;
  identities(workspaceId: number, customerId: number): Promise<Identity[]>;
  merges(workspaceId: number, customerId: number): Promise<Merge[]>;
  events(workspaceId: number, query: EventQuery): Promise<Page<StoredEvent>>;
  /** Events received from clients (Loopline's own events not counted). */
  countEvents(workspaceId: number): Promise<number>;
}
