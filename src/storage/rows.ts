import type { JsonObject } from '../core/index.ts';
import type { Customer, Identity, Merge, StoredEvent } from '../customers/index.ts';
import {
  type ApiKey,
  type KeyKind,
  type Workspace,
  type WorkspaceSettings,
  withDefaults,
} from '../workspaces/index.ts';

/** Maps database rows to port types. SQLite hands JSON back as text, PostgreSQL as parsed jsonb. */
type Row = Record<string, unknown>;

const json = (value: unknown): JsonObject =>
  (typeof value === 'string' ? JSON.parse(value) : (value ?? {})) as JsonObject;
const num = (value: unknown): number => Number(value);
const numOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);
const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** A workspace's settings column (text on SQLite, jsonb on PostgreSQL) with defaults filled in. */
export const workspaceSettings = (value: unknown): WorkspaceSettings =>
  withDefaults(json(value) as Partial<WorkspaceSettings>);

export const toWorkspace = (r: Row): Workspace => ({
  id: num(r.id),
  name: String(r.name),
  settings: workspaceSettings(r.settings),
  createdAt: num(r.created_at),
});

export const toApiKey = (r: Row): ApiKey => ({
  id: num(r.id),
  workspaceId: num(r.workspace_id),
  kind: r.kind as KeyKind,
  name: String(r.name),
  prefix: String(r.prefix),
  hash: String(r.hash),
  createdAt: num(r.created_at),
  revokedAt: numOrNull(r.revoked_at),
});

export const toCustomer = (r: Row): Customer => ({
  id: num(r.id),
  workspaceId: num(r.workspace_id),
  userId: str(r.user_id),
  email: str(r.email),
  traits: json(r.traits),
  firstSeen: num(r.first_seen),
  lastSeen: num(r.last_seen),
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
});

export const toIdentity = (r: Row): Identity => ({
  kind: String(r.kind),
  value: String(r.value),
  createdAt: num(r.created_at),
});

export const toMerge = (r: Row): Merge => ({
  fromCustomerId: num(r.from_customer_id),
  intoCustomerId: num(r.into_customer_id),
  reason: String(r.reason),
  messageId: String(r.message_id),
  at: num(r.at),
});

export const toEvent = (r: Row): StoredEvent => ({
  id: num(r.id),
  customerId: num(r.customer_id),
  messageId: String(r.message_id),
  type: String(r.type),
  name: str(r.name),
  userId: str(r.user_id),
  anonymousId: str(r.anonymous_id),
  timestamp: num(r.timestamp),
  receivedAt: num(r.received_at),
  payload: json(r.payload),
  internal: Boolean(r.internal),
  stage: str(r.stage),
  channel: str(r.channel),
  touchpoint: str(r.touchpoint),
  campaign: str(r.campaign),
  value: r.value === null || r.value === undefined ? null : Number(r.value),
});

export const toProfileState = (r: Row) => ({
  id: num(r.id),
  userId: str(r.user_id),
  email: str(r.email),
  traits: json(r.traits),
  traitTimes: json(r.trait_times) as Record<string, number>,
  firstSeen: num(r.first_seen),
  lastSeen: num(r.last_seen),
  identityCount: num(r.identity_count),
});
