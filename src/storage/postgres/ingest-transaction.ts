import type pg from 'pg';
import type { IdentityKind, IngestPlan, IngestTransaction, ProfileState } from '../../identity/index.ts';
import { identityKey } from '../../identity/index.ts';
import { toProfileState } from '../rows.ts';
import {
  applyMerge,
  insertCustomers,
  insertEvents,
  insertIdentities,
  updateCustomers,
  updateSeen,
} from './bulk-writes.ts';

/**
 * Thrown when a concurrent transaction (another server process) changed what this batch read: a profile
 * merged away between our two reads, or a messageId stored since we checked. The store retries the
 * whole transaction, which then reads the data as it is now.
 */
export class ConcurrentIngest extends Error {
  override name = 'ConcurrentIngest';
}

/**
 * The ingest steps on PostgreSQL, one statement per step for the whole batch: sent row by row, each
 * would cost a network round trip. Statements are named so that each connection plans them once.
 */
export class PostgresIngestTransaction implements IngestTransaction {
  readonly #client: pg.ClientBase;
  constructor(client: pg.ClientBase) {
    this.#client = client;
  }

  async existingMessageIds(workspaceId: number, ids: string[]): Promise<Set<string>> {
    const { rows } = await this.#client.query({
      name: 'll_existing_message_ids',
      text: 'SELECT message_id FROM events WHERE workspace_id = $1 AND message_id = ANY($2::text[])',
      values: [workspaceId, ids],
    });
    return new Set(rows.map((r) => String(r.message_id)));
  }

  async lookupIdentities(
    workspaceId: number,
    keys: { kind: IdentityKind; value: string }[],
  ): Promise<Map<string, number>> {
    const owners = new Map<string, number>();
    if (keys.length === 0) return owners;
    const { rows } = await this.#client.query({
      name: 'll_lookup_identities',
      text: `SELECT i.kind, i.value, i.customer_id FROM unnest($2::text[], $3::text[]) AS k(kind, value)
        JOIN identities i ON i.workspace_id = $1 AND i.kind = k.kind AND i.value = k.value`,
      values: [workspaceId, keys.map((k) => k.kind), keys.map((k) => k.value)],
    });
    for (const r of rows) owners.set(identityKey(r.kind, r.value), Number(r.customer_id));
    return owners;
  }

  async loadProfiles(workspaceId: number, ids: number[]): Promise<Map<number, ProfileState>> {
    const profiles = new Map<number, ProfileState>();
    if (ids.length === 0) return profiles;
    // FOR UPDATE: another process writing the same profile waits for our commit and then reads what we
    // wrote, instead of both computing traits from the same old state and the later one losing ours.
    // Locking in id order keeps two such transactions from deadlocking over the same pair.
    const { rows } = await this.#client.query({
      name: 'll_load_profiles',
      text: `SELECT id, user_id, email, traits, trait_times, first_seen, last_seen, identity_count
        FROM customers WHERE workspace_id = $1 AND id = ANY($2::bigint[]) ORDER BY id FOR UPDATE`,
      values: [workspaceId, ids],
    });
    for (const r of rows) profiles.set(Number(r.id), toProfileState(r));
    if (profiles.size < ids.length) throw new ConcurrentIngest('a profile was merged away meanwhile');
    return profiles;
  }

  async allocateCustomerIds(count: number): Promise<number[]> {
    const { rows } = await this.#client.query({
      name: 'll_allocate_customer_ids',
      text: "SELECT nextval('customer_ids') AS id FROM generate_series(1, $1)",
      values: [count],
    });
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  }

  async applyPlan(workspaceId: number, plan: IngestPlan, now: number): Promise<number> {
    const c = this.#client;
    if (plan.created.length) await insertCustomers(c, workspaceId, plan.created, now);
    if (plan.updated.length) await updateCustomers(c, workspaceId, plan.updated, now);
    if (plan.seen.length) await updateSeen(c, workspaceId, plan.seen, now);
    for (const merge of plan.merges) await applyMerge(c, workspaceId, merge);
    if (plan.identities.length) await insertIdentities(c, workspaceId, plan.identities, now);
    const inserted = await insertEvents(c, workspaceId, plan.events);
    // The batch held only messageIds not yet stored, so a skipped one was stored by a concurrent
    // transaction; retrying turns it into a counted duplicate and drops the profile work done for it.
    if (inserted < plan.events.length) throw new ConcurrentIngest('a messageId was stored meanwhile');
    return inserted;
  }
}
