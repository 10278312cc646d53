// The period numbering of analytics: a pure module with no dependencies, so the writer thread that
// loads this file does not load the analytics capability with it.
import { periodIndex } from '../../analytics/index.ts';
import type { Message } from '../../core/index.ts';
import type { IdentityKind, IngestPlan, IngestTransaction, ProfileState } from '../../identity/index.ts';
import { identityKey } from '../../identity/index.ts';
import { ACTIVE_TABLES } from '../active-periods.ts';
import { toProfileState } from '../rows.ts';
import { sqlitePeriod } from './period-sql.ts';
import { RecentCache } from './recent-cache.ts';
import type { SqliteStore } from './sqlite-store.ts';

/** Rows per INSERT into an active-period table (full chunks share one prepared statement). */
const INSERT_ROWS = 100;
/** Ids merged away since the caches were last emptied; past this many, they are emptied. */
const MAX_TRACKED_MERGES = 10_000;

/**
 * The ingest steps on SQLite: one indexed statement per row (the active-period marks, rows of three
 * integers, a hundred a statement). Prepared statements make each one a few microseconds, cheaper than
 * building large IN lists.
 *
 * Identities and profiles read or written recently are cached: the same people send event after
 * event. The cache is only as good as the knowledge that nothing else wrote the file, so each
 * transaction starts by reading `PRAGMA data_version`, which changes when another connection commits;
 * then, or after a rollback, the caches are emptied.
 */
export class SqliteIngestTransaction implements IngestTransaction {
  readonly #store: SqliteStore;
  readonly #identities = new RecentCache<string, number>(300_000);
  readonly #profiles = new RecentCache<number, ProfileState & { workspaceId: number }>(100_000);
  /** Customer ids merged away: a cached identity that points at one is stale. */
  readonly #merged = new Set<number>();
  /**
   * The day each recent customer was last marked active in all three period tables (the week and month
   * of that day with it). Most events come on the day an earlier event of the same customer marked, and
   * skipping them saves three INSERT OR IGNOREs an event. One small-integer key per customer: three
   * caches of (customer, period) pairs held fewer customers in more memory, and missed most of a pool of
   * 100,000 people (3.4 s of the writer's 24 s in a flood of 1M events).
   */
  readonly #activeDay = new RecentCache<number, number>(50_000);
  #dataVersion = -1;

  constructor(store: SqliteStore) {
    this.#store = store;
  }

  /** Called right after BEGIN IMMEDIATE: from here to COMMIT no other connection can write. */
  begin(): void {
    const row = this.#store.statement('PRAGMA data_version').get();
    const version = Number(row!.data_version);
    if (version !== this.#dataVersion || this.#merged.size > MAX_TRACKED_MERGES) this.forget();
    this.#dataVersion = version;
  }

  /** Empties the caches: after a rollback they may hold what was never committed. */
  forget(): void {
    this.#identities.clear();
    this.#profiles.clear();
    this.#merged.clear();
    this.#activeDay.clear();
  }

  async existingMessageIds(workspaceId: number, ids: string[]): Promise<Set<string>> {
    const stmt = this.#store.statement('SELECT 1 FROM events WHERE workspace_id = ? AND message_id = ?');
    const found = new Set<string>();
    for (const id of ids) if (stmt.get(workspaceId, id)) found.add(id);
    return found;
  }

  async lookupIdentities(
    workspaceId: number,
    keys: { kind: IdentityKind; value: string }[],
  ): Promise<Map<string, number>> {
    const stmt = this.#store.statement(
      'SELECT customer_id FROM identities WHERE workspace_id = ? AND kind = ? AND value = ?',
    );
    const owners = new Map<string, number>();
    for (const { kind, value } of keys) {
      const key = identityKey(kind, value);
      const cacheKey = `${workspaceId}:${key}`;
      let owner = this.#identities.get(cacheKey);
      if (owner === undefined || this.#merged.has(owner)) {
        const row = stmt.get(workspaceId, kind, value);
        if (!row) continue;
        owner = Number(row.customer_id);
        this.#identities.set(cacheKey, owner);
      }
      owners.set(key, owner);
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
      const cached = this.#profiles.get(id);
      if (cached && cached.workspaceId === workspaceId) {
        profiles.set(id, cached);
        continue;
      }
      const row = stmt.get(workspaceId, id);
      if (!row) continue;
      const profile = toProfileState(row);
      profiles.set(id, profile);
      this.#profiles.set(id, { ...profile, workspaceId });
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
    // `+workspace_id` keeps the planner on the customer index: without statistics it would otherwise
    // pick an index that starts with workspace_id and walk the whole workspace.
    for (const m of plan.merges) {
      const from = m.fromCustomerId;
      const into = m.intoCustomerId;
      s.statement('UPDATE identities SET customer_id = ? WHERE customer_id = ? AND workspace_id = ?').run(
        into,
        from,
        workspaceId,
      );
      moveActivePeriods(s, workspaceId, from, into);
      s.statement('UPDATE events SET customer_id = ? WHERE customer_id = ? AND +workspace_id = ?').run(
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
      // The survivor's features are rebuilt from its (now combined) log on its next engine pass.
      s.statement('DELETE FROM customer_state WHERE customer_id = ?').run(from);
      s.statement('UPDATE customer_state SET signature = NULL WHERE customer_id = ?').run(into);
      s.statement('DELETE FROM segment_members WHERE customer_id = ?').run(from);
      s.statement('UPDATE stage_moves SET customer_id = ? WHERE customer_id = ? AND +workspace_id = ?').run(
        into,
        from,
        workspaceId,
      );
    }
    const insertIdentity = s.statement(
      `INSERT INTO identities (workspace_id, kind, value, customer_id, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (workspace_id, kind, value) DO UPDATE SET customer_id = excluded.customer_id`,
    );
    for (const i of plan.identities) insertIdentity.run(workspaceId, i.kind, i.value, i.customerId, now);
    this.#remember(workspaceId, plan);
    return this.insertEvents(workspaceId, plan.events);
  }

  /** Brings the caches up to date with a plan just written (the planner's profile objects are its own). */
  #remember(workspaceId: number, plan: IngestPlan): void {
    for (const m of plan.merges) {
      this.#merged.add(m.fromCustomerId);
      this.#profiles.delete(m.fromCustomerId);
    }
    for (const p of plan.created) this.#profiles.set(p.id, { ...p, workspaceId });
    for (const p of plan.updated) this.#profiles.set(p.id, { ...p, workspaceId });
    for (const p of plan.seen) {
      const cached = this.#profiles.get(p.id);
      if (cached) this.#profiles.set(p.id, { ...cached, firstSeen: p.firstSeen, lastSeen: p.lastSeen });
    }
    for (const i of plan.identities) {
      this.#identities.set(`${workspaceId}:${identityKey(i.kind, i.value)}`, i.customerId);
    }
  }

  /** Inserts events, skipping any whose messageId the workspace already has; returns how many went in. */
  insertEvents(workspaceId: number, events: { message: Message; customerId: number }[]): number {
    // One row a statement: a hundred rows a statement (RETURNING the rows that went in) was slower.
    const stmt = this.#store.statement(
      `INSERT INTO events (workspace_id, customer_id, message_id, type, name, user_id, anonymous_id, timestamp,
         received_at, payload, channel, touchpoint, campaign, value)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    let inserted = 0;
    const stored: { customerId: number; t: number }[] = [];
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
        m.payloadJson ?? JSON.stringify(m.payload),
        m.channel ?? null,
        m.touchpoint ?? null,
        m.campaign ?? null,
        m.value ?? null,
      );
      if (result.changes) {
        inserted++;
        stored.push({ customerId, t: m.timestamp });
      }
    }
    this.#markActive(workspaceId, stored);
    return inserted;
  }

  /**
   * Records the days, weeks and months in which the stored events made their customers active: a
   * hundred rows a statement, since one call per row cost more than the row (2.4 s of the writer's 21 s
   * in a flood of 1M events, where every event was a new customer-day).
   */
  #markActive(workspaceId: number, stored: { customerId: number; t: number }[]): void {
    const due: { customerId: number; t: number }[] = [];
    for (const s of stored) {
      const day = periodIndex(s.t, 'day');
      if (this.#activeDay.get(s.customerId) === day) continue;
      this.#activeDay.set(s.customerId, day);
      due.push(s);
    }
    for (const { table, unit } of ACTIVE_TABLES) {
      for (let i = 0; i < due.length; i += INSERT_ROWS) {
        const rows = due.slice(i, i + INSERT_ROWS);
        const values: number[] = [];
        for (const { customerId, t } of rows) values.push(workspaceId, periodIndex(t, unit), customerId);
        this.#store
          .statement(
            `INSERT OR IGNORE INTO ${table} (workspace_id, period, customer_id) VALUES ${'(?, ?, ?), '.repeat(rows.length - 1)}(?, ?, ?)`,
          )
          .run(...values);
      }
    }
  }
}

/** SQLite's period numbers of a `timestamp` column per table, as analytics/periods.ts numbers them. */
const PERIOD_SQL = Object.fromEntries(ACTIVE_TABLES.map(({ table, unit }) => [table, sqlitePeriod(unit)]));

/**
 * Before a merge moves a profile's events: its active days, weeks and months become the survivor's. The
 * periods come from the merged profile's own events (the customer index), so no index by customer is
 * needed on the period tables.
 */
function moveActivePeriods(s: SqliteStore, workspaceId: number, from: number, into: number): void {
  for (const [table, period] of Object.entries(PERIOD_SQL)) {
    const periods = s
      .statement(
        `SELECT DISTINCT ${period} AS p FROM events WHERE customer_id = ? AND +workspace_id = ? AND internal = 0`,
      )
      .all(from, workspaceId)
      .map((r) => Number(r.p));
    const drop = s.statement(
      `DELETE FROM ${table} WHERE workspace_id = ? AND period = ? AND customer_id = ?`,
    );
    const add = s.statement(
      `INSERT OR IGNORE INTO ${table} (workspace_id, period, customer_id) VALUES (?, ?, ?)`,
    );
    for (const p of periods) {
      drop.run(workspaceId, p, from);
      add.run(workspaceId, p, into);
    }
  }
}
