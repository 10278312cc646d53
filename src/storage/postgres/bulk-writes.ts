import type pg from 'pg';
import type { Message } from '../../core/index.ts';
import type { IngestPlan, MergeRecord, ProfileState } from '../../identity/index.ts';
import { identityKey } from '../../identity/index.ts';
import { ACTIVE_TABLES } from '../active-periods.ts';
import { postgresPeriod } from './period-sql.ts';

/**
 * The writes of one ingest batch, one statement per table: rows travel as parallel arrays that
 * `unnest` turns back into rows, so a batch of thousands costs a handful of round trips. JSON travels
 * as text and is cast to jsonb in the statement. Statements are named so that each connection parses
 * and plans them once.
 */

const PROFILE_ROWS = `unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[],
  $9::bigint[], $10::bigint[]) AS t(id, user_id, email, traits, trait_times, first_seen, last_seen, identity_count)`;

/** The profile columns as parallel arrays, in the order of `PROFILE_ROWS`. */
const profileColumns = (profiles: ProfileState[]): unknown[] => [
  profiles.map((p) => p.id),
  profiles.map((p) => p.userId),
  profiles.map((p) => p.email),
  profiles.map((p) => JSON.stringify(p.traits)),
  profiles.map((p) => JSON.stringify(p.traitTimes)),
  profiles.map((p) => p.firstSeen),
  profiles.map((p) => p.lastSeen),
  profiles.map((p) => p.identityCount),
];

export async function insertCustomers(
  c: pg.ClientBase,
  workspaceId: number,
  rows: ProfileState[],
  now: number,
) {
  await c.query({
    name: 'll_insert_customers',
    text: `INSERT INTO customers (id, workspace_id, user_id, email, traits, trait_times, first_seen, last_seen,
        identity_count, created_at, updated_at)
      SELECT t.id, $1, t.user_id, t.email, t.traits::jsonb, t.trait_times::jsonb, t.first_seen, t.last_seen,
        t.identity_count, $2, $2 FROM ${PROFILE_ROWS}`,
    values: [workspaceId, now, ...profileColumns(rows)],
  });
}

export async function updateCustomers(
  c: pg.ClientBase,
  workspaceId: number,
  rows: ProfileState[],
  now: number,
) {
  await c.query({
    name: 'll_update_customers',
    text: `UPDATE customers c SET user_id = t.user_id, email = t.email, traits = t.traits::jsonb,
        trait_times = t.trait_times::jsonb, first_seen = t.first_seen, last_seen = t.last_seen,
        identity_count = t.identity_count, updated_at = $2
      FROM ${PROFILE_ROWS} WHERE c.id = t.id AND c.workspace_id = $1`,
    values: [workspaceId, now, ...profileColumns(rows)],
  });
}

/** First and last seen of profiles whose only change is that: three arrays instead of eight. */
export async function updateSeen(
  c: pg.ClientBase,
  workspaceId: number,
  rows: IngestPlan['seen'],
  now: number,
) {
  await c.query({
    name: 'll_update_seen',
    text: `UPDATE customers c SET first_seen = t.first_seen, last_seen = t.last_seen, updated_at = $2
      FROM unnest($3::bigint[], $4::bigint[], $5::bigint[]) AS t(id, first_seen, last_seen)
      WHERE c.id = t.id AND c.workspace_id = $1`,
    values: [
      workspaceId,
      now,
      rows.map((r) => r.id),
      rows.map((r) => r.firstSeen),
      rows.map((r) => r.lastSeen),
    ],
  });
}

/**
 * The planner links only identifiers it found unowned, so a row that exists already was written by a
 * concurrent transaction since our lookup. A plain INSERT fails on it with a unique violation and the
 * store retries with the graph as it is now; ON CONFLICT DO UPDATE would instead take the identifier
 * from the other process's new profile and leave one person split in two.
 */
export async function insertIdentities(
  c: pg.ClientBase,
  workspaceId: number,
  rows: IngestPlan['identities'],
  now: number,
) {
  // Last link wins, as with the SQLite adapter's row-by-row upsert; one INSERT may not hold a key twice.
  const list = [...new Map(rows.map((i) => [identityKey(i.kind, i.value), i])).values()];
  await c.query({
    name: 'll_insert_identities',
    text: `INSERT INTO identities (workspace_id, kind, value, customer_id, created_at)
      SELECT $1, t.kind, t.value, t.customer_id, $2
      FROM unnest($3::text[], $4::text[], $5::bigint[]) AS t(kind, value, customer_id)`,
    values: [
      workspaceId,
      now,
      list.map((i) => i.kind),
      list.map((i) => i.value),
      list.map((i) => i.customerId),
    ],
  });
}

/** PostgreSQL's period numbers of a `timestamp` column per table, as analytics/periods.ts numbers them. */
const PERIOD_SQL = Object.fromEntries(ACTIVE_TABLES.map(({ table, unit }) => [table, postgresPeriod(unit)]));

/** Common table expressions that mark the inserted events' customers active in their day, week and month. */
const MARK_ACTIVE = Object.entries(PERIOD_SQL)
  .map(
    ([table, period]) => `,
      ${table} AS (
        INSERT INTO ${table} (workspace_id, period, customer_id)
        SELECT DISTINCT $1::bigint, ${period}, customer_id FROM inserted ORDER BY 3, 2
        ON CONFLICT DO NOTHING)`,
  )
  .join('');

/**
 * Inserts events, skipping any whose messageId the workspace already has, and queues each one that went
 * in for the lifecycle engine in the same statement; returns how many went in. The queue is how engines
 * find new events: ids come from a sequence, so a later id may commit first and a cursor would skip it.
 */
export async function insertEvents(
  c: pg.ClientBase,
  workspaceId: number,
  events: { message: Message; customerId: number }[],
): Promise<number> {
  if (events.length === 0) return 0;
  const result = await c.query({
    name: 'll_insert_events_v4',
    text: `WITH inserted AS (
        INSERT INTO events (workspace_id, customer_id, message_id, type, name, user_id, anonymous_id,
          timestamp, received_at, payload, channel, touchpoint, campaign, value)
        SELECT $1, t.customer_id, t.message_id, t.type, t.name, t.user_id, t.anonymous_id, t.timestamp,
          t.received_at, t.payload::jsonb, t.channel, t.touchpoint, t.campaign, t.value
        FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[],
          $9::bigint[], $10::text[], $11::text[], $12::text[], $13::text[], $14::float8[])
          AS t(customer_id, message_id, type, name, user_id, anonymous_id, timestamp, received_at, payload,
            channel, touchpoint, campaign, value)
        ON CONFLICT DO NOTHING
        RETURNING id, workspace_id, customer_id, timestamp),
      queued AS (
        INSERT INTO engine_queue (event_id, workspace_id, customer_id)
        SELECT id, workspace_id, customer_id FROM inserted)${MARK_ACTIVE}
      SELECT count(*)::int AS n FROM inserted`,
    values: [
      workspaceId,
      events.map((e) => e.customerId),
      events.map((e) => e.message.messageId),
      events.map((e) => e.message.type),
      events.map((e) => e.message.name),
      events.map((e) => e.message.userId),
      events.map((e) => e.message.anonymousId),
      events.map((e) => e.message.timestamp),
      events.map((e) => e.message.receivedAt),
      events.map((e) => e.message.payloadJson ?? JSON.stringify(e.message.payload)),
      events.map((e) => e.message.channel ?? null),
      events.map((e) => e.message.touchpoint ?? null),
      events.map((e) => e.message.campaign ?? null),
      events.map((e) => e.message.value ?? null),
    ],
  });
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * Folds one profile into another, step by step as the SQLite adapter does: merges are rare, so a few
 * round trips each cost nothing worth a cleverer statement.
 */
export async function applyMerge(c: pg.ClientBase, workspaceId: number, m: MergeRecord): Promise<void> {
  const move = [m.intoCustomerId, m.fromCustomerId, workspaceId];
  await c.query('UPDATE identities SET customer_id = $1 WHERE customer_id = $2 AND workspace_id = $3', move);
  // Its active weeks and months become the survivor's, read from its own events before they move.
  for (const [table, period] of Object.entries(PERIOD_SQL)) {
    await c.query(
      `WITH periods AS (SELECT DISTINCT ${period} AS p FROM events
         WHERE customer_id = $2 AND workspace_id = $3 AND NOT internal),
       dropped AS (DELETE FROM ${table} t USING periods
         WHERE t.workspace_id = $3 AND t.period = periods.p AND t.customer_id = $2)
       INSERT INTO ${table} (workspace_id, period, customer_id)
       SELECT $3, p, $1 FROM periods ORDER BY p ON CONFLICT DO NOTHING`,
      move,
    );
  }
  await c.query('UPDATE events SET customer_id = $1 WHERE customer_id = $2 AND workspace_id = $3', move);
  await c.query('DELETE FROM customers WHERE id = $1 AND workspace_id = $2', [m.fromCustomerId, workspaceId]);
  // Earlier merges into the profile now merged away point at the new survivor, so findSurvivor is one read.
  await c.query('UPDATE merges SET survivor_id = $1 WHERE survivor_id = $2 AND workspace_id = $3', move);
  await c.query(
    `INSERT INTO merges (workspace_id, from_customer_id, into_customer_id, survivor_id, reason, message_id, at)
     VALUES ($1, $2, $3, $3, $4, $5, $6)`,
    [workspaceId, m.fromCustomerId, m.intoCustomerId, m.reason, m.messageId, m.at],
  );
  await mergeEngineState(c, workspaceId, m.fromCustomerId, m.intoCustomerId);
}

/**
 * The lifecycle engine's side of a merge, as on SQLite: the merged-away profile's state and memberships
 * go, the survivor's features are rebuilt from its (now combined) log on its next pass, and its history
 * takes over the other's moves.
 */
async function mergeEngineState(c: pg.ClientBase, workspaceId: number, from: number, into: number) {
  await c.query('DELETE FROM customer_state WHERE customer_id = $1', [from]);
  await c.query('UPDATE customer_state SET signature = NULL WHERE customer_id = $1', [into]);
  await c.query('DELETE FROM segment_members WHERE customer_id = $1', [from]);
  await c.query('UPDATE stage_moves SET customer_id = $1 WHERE customer_id = $2 AND workspace_id = $3', [
    into,
    from,
    workspaceId,
  ]);
  // Queued events follow their profile. Rows an engine has claimed are skipped, not waited for: that
  // engine deletes them when it commits, and it may be waiting for this transaction's lock on `from`
  // (waiting here too would deadlock). The engine reads an event's customer from `events`, never here.
  await c.query(
    `UPDATE engine_queue SET customer_id = $1 WHERE event_id IN (
       SELECT event_id FROM engine_queue WHERE customer_id = $2 FOR UPDATE SKIP LOCKED)`,
    [into, from],
  );
}
