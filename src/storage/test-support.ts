import type { JsonObject, Message } from '../core/index.ts';
import type { Customer } from '../customers/index.ts';
import { DEFAULT_IDENTITY_SETTINGS, type IdentitySettings, type IngestOutcome } from '../identity/index.ts';
import type { Workspace } from '../workspaces/index.ts';
import type { Store } from './index.ts';
import type { PostgresStore } from './postgres/postgres-store.ts';
import type { SqliteStore } from './sqlite/sqlite-store.ts';

/** Fixtures for the storage suites that run against every adapter (`test-harness.ts` makes the stores). */

export * from './test-harness.ts';

/**
 * Runs one SQL statement straight on a store's own connection, with `$1, $2, ...` placeholders on both
 * dialects: for tests that look under the port.
 */
export async function sqlRows(
  store: Store,
  sql: string,
  args: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  if (store.dialect === 'postgres') return (await (store as PostgresStore).pool.query(sql, args)).rows;
  return (store as SqliteStore).db.prepare(sql.replace(/\$(\d+)/g, '?$1')).all(...(args as number[]));
}

let workspaceSeq = 0;

/** A new workspace per test, so that tests sharing one store cannot see each other's customers. */
export function newWorkspace(store: Store, identity: Partial<IdentitySettings> = {}): Promise<Workspace> {
  const name = `ws-${process.pid}-${++workspaceSeq}`;
  return store.workspaces.create(name, { identity: { ...DEFAULT_IDENTITY_SETTINGS, ...identity } }, 1_000);
}

/** Ingests one request's messages with the workspace's own settings. */
export async function ingest(store: Store, ws: Workspace, ...messages: Message[]): Promise<IngestOutcome> {
  const [outcome] = await store.ingest.commit(
    [{ workspaceId: ws.id, messages, settings: ws.settings.identity }],
    5_000,
  );
  return outcome;
}

/** Every customer of a workspace, walking all pages. */
export async function allCustomers(store: Store, workspaceId: number): Promise<Customer[]> {
  const out: Customer[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.customers.list(workspaceId, { limit: 100, cursor });
    out.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  return out;
}

type Ids = { userId?: string; anonymousId?: string };
type Extra = Partial<Message>;

let messageSeq = 0;
const BASE = 1_700_000_000_000;

/** A message with a fresh messageId and a timestamp later than the previous one's. */
export function message(
  type: Message['type'],
  ids: Ids,
  payload: JsonObject = {},
  extra: Extra = {},
): Message {
  const n = ++messageSeq;
  const m: Message = {
    messageId: `msg-${n}`,
    type,
    userId: ids.userId ?? null,
    anonymousId: ids.anonymousId ?? null,
    name: null,
    timestamp: BASE + n * 1000,
    receivedAt: BASE + n * 1000 + 5,
    payload,
    ...extra,
  };
  // As validation hands messages on (ingest/validate.ts): the payload's text travels with it, and the
  // writer thread is sent only the parts of the payload that identity resolution reads.
  return { ...m, payloadJson: m.payloadJson ?? JSON.stringify(m.payload) };
}

export const identify = (ids: Ids, traits: JsonObject = {}, extra: Extra = {}) =>
  message('identify', ids, { traits }, extra);
export const track = (ids: Ids, event: string, properties: JsonObject = {}, extra: Extra = {}) =>
  message('track', ids, { properties }, { name: event, ...extra });
export const page = (ids: Ids, name: string, extra: Extra = {}) =>
  message('page', ids, { properties: { path: `/${name}` } }, { name, ...extra });
export const group = (ids: Ids, groupId: string, extra: Extra = {}) =>
  message('group', ids, { groupId, traits: { plan: 'team' } }, extra);
export const alias = (userId: string, previousId: string, extra: Extra = {}) =>
  message('alias', { userId }, { previousId }, extra);
