import type { IngestPlan, IngestTransaction, ProfileState } from '../../identity/index.ts';
import { identityKey } from '../../identity/index.ts';
import type { Message } from '../../ingest/message.ts';
import { toProfileState } from '../rows.ts';
import type { SqliteStore } from './sqlite-store.ts';

/**
 * The ingest steps on SQLite: one indexed statement per row. Prepared statements make each one a few
 * microseconds, cheaper than building large IN lists.
 */
export class SqliteIngestTransaction implements IngestTransaction {
  readonly #store: SqliteStore;
  constructor(store: SqliteStore) {
    this.#store = store;
  }

  async existingMessageIds(workspaceId: number, ids: string[]): Promise<Set<string>> {
    const stmt = this.#store.statement('SELECT 1 FROM events WHERE workspace_id = ? AND message_id = ?');
    const found = new Set<string>();
    for (const id of ids) if (stmt.get(workspaceId, id)) found.add(id);
    return found;
  }

  async lookupIdentities(
    workspaceId: number,
    keys: { kind: string; value: string }[],
  ): Promise<Map<string, number>> {
    const stmt = this.#store.statement(
      'SELECT customer_id FROM identities WHERE workspace_id = ? AND kind = ? AND value = ?',
    );
    const owners = new Map<string, number>();
    for (const { kind, value } of keys) {
      const row = stmt.get(workspaceId, kind, value);
      if (row) owners.set(identityKey(kind as never, value), Number(row.customer_id));
    }
    return owners;
  }

  async loadProfiles(workspaceId: number, ids: number[]): Promise<Map<number, ProfileState>> {
    const stmt = this.#store.statement(
      `SELECT id, user_id, email, traits, trait_times, first_seen, last_seen, identity_count
       FROM customers WHERE workspace_id = ? AND id = ?`,
    );
    const profiles = new Map<number, ProfileState>();
    for (const id of ids) {
      const row = stmt.get(workspaceId, id);
      if (row) profiles.set(id, toProfileState(row));
    }
    return profiles;
  }

  async allocateCustomerIds(count: number): Promise<number[]> {
    const row = this.#store
      .statement("UPDATE sequences SET value = value + ? WHERE name = 'customers' RETURNING value")
      .get(count);
    const last = Number(row!.value);
    return Array.from({ length: count }, (_, i) => last - count + 1 + i);
  }

  async applyPlan(workspaceId: number, plan: IngestPlan, now: number): Promise<number> {
    const s = this.#store;
    const insertCustomer = s.statement(
      `INSERT INTO customers (id, workspace_id, user_id, email, traits, trait_times, first_seen, last_seen,
         identity_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const p of plan.created) {
      insertCustomer.run(
        p.id,
        workspaceId,
        p.userId,
        p.email,
        JSON.stringify(p.traits),
        JSON.stringify(p.traitTimes),
        p.firstSeen,
        p.lastSeen,
        p.identityCount,
        now,
        now,
      );
    }
    const updateCustomer = s.statement(
      `UPDATE customers SET user_id = ?, email = ?, traits = ?, trait_times = ?, first_seen = ?, last_seen = ?,
         identity_count = ?, updated_at = ? WHERE id = ? AND workspace_id = ?`,
    );
    for (const p of plan.updated) {
      updateCustomer.run(
        p.userId,
        p.email,
        JSON.stringify(p.traits),
        JSON.stringify(p.traitTimes),
        p.firstSeen,
        p.lastSeen,
        p.identityCount,
        now,
        p.id,
        workspaceId,
      );
    }
    const updateSeen = s.statement(
      'UPDATE customers SET first_seen = ?, last_seen = ?, updated_at = ? WHERE id = ? AND workspace_id = ?',
    );
    for (const p of plan.seen) updateSeen.run(p.firstSeen, p.lastSeen, now, p.id, workspaceId);
    for (const m of plan.merges) {
      const from = m.fromCustomerId;
      const into = m.intoCustomerId;
      s.statement('UPDATE identities SET customer_id = ? WHERE customer_id = ? AND workspace_id = ?').run(
        into,
        from,
        workspaceId,
      );
      s.statement('UPDATE events SET customer_id = ? WHERE customer_id = ? AND workspace_id = ?').run(
        into,
        from,
        workspaceId,
      );
      s.statement('DELETE FROM customers WHERE id = ? AND workspace_id = ?').run(from, workspaceId);
      s.statement('UPDATE merges SET survivor_id = ? WHERE survivor_id = ? AND workspace_id = ?').run(
        into,
        from,
        workspaceId,
      );
      s.statement(
        `INSERT INTO merges (workspace_id, from_customer_id, into_customer_id, survivor_id, reason, message_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(workspaceId, from, into, into, m.reason, m.messageId, m.at);
    }
    const insertIdentity = s.statement(
      `INSERT INTO identities (workspace_id, kind, value, customer_id, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (workspace_id, kind, value) DO UPDATE SET customer_id = excluded.customer_id`,
    );
    for (const i of plan.identities) insertIdentity.run(workspaceId, i.kind, i.value, i.customerId, now);
    return this.insertEvents(workspaceId, plan.events);
  }

  /** Inserts events, skipping any whose messageId the workspace already has; returns how many went in. */
  insertEvents(workspaceId: number, events: { message: Message; customerId: number }[]): number {
    const stmt = this.#store.statement(
      `INSERT INTO events (workspace_id, customer_id, message_id, type, name, user_id, anonymous_id, timestamp,
         received_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    let inserted = 0;
    for (const { message: m, customerId } of events) {
      const result = stmt.run(
        workspaceId,
        customerId,
        m.messageId,
        m.type,
        m.name,
        m.userId,
        m.anonymousId,
        m.timestamp,
        m.receivedAt,
        JSON.stringify(m.payload),
      );
      inserted += Number(result.changes);
    }
    return inserted;
  }
}
