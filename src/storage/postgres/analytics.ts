import type pg from 'pg';
import type {
  Acquisition,
  AnalyticsSettingsOverrides,
  AnalyticsStorage,
  CustomerTime,
  DetailedEventQuery,
  DetailedEventRow,
  MoveRow,
  NamedEventRow,
  PurchaseDay,
  SpendRow,
  StageCount,
  StoredFit,
  TimeRange,
} from '../../analytics/index.ts';
import { DAY, type JsonObject } from '../../core/index.ts';
import { workspaceSettings } from '../rows.ts';
import { lockEngineConfig } from './engine-admin.ts';
import { postgresPeriod } from './period-sql.ts';
import { inTransaction } from './pool.ts';
import { restartRecompute } from './segment-membership.ts';

/**
 * Up to this range, first occurrences are found from the range's own events (measured on 10M events:
 * faster for a month, slower for a year than grouping the whole history).
 */
const SHORT_RANGE_MS = 92 * DAY;
/** Customers per transaction when writing predictions, so engines never wait long on their rows. */
const PREDICTION_BATCH = 5_000;

type Cell = string | number | boolean | null | JsonObject;
const str = (v: Cell) => (v === null ? null : String(v));
const num = (v: Cell) => (v === null ? null : Number(v));

/**
 * Analytics reads on PostgreSQL: each query is answered by an index-only scan of the covering indexes
 * of the analytics migration (once the table is vacuumed), with rows returned as arrays.
 */
export class PostgresAnalytics implements AnalyticsStorage {
  // The store, not its pool: the store builds its pool in its constructor, after its fields.
  readonly #store: { readonly pool: pg.Pool };

  constructor(store: { readonly pool: pg.Pool }) {
    this.#store = store;
  }

  async settings(workspaceId: number): Promise<AnalyticsSettingsOverrides | undefined> {
    const { rows } = await this.#store.pool.query('SELECT settings FROM workspaces WHERE id = $1', [
      workspaceId,
    ]);
    return rows[0] ? workspaceSettings(rows[0].settings).analytics : undefined;
  }

  async #rows(text: string, values: unknown[]): Promise<Cell[][]> {
    const result = await this.#store.pool.query({ text, values, rowMode: 'array' });
    return result.rows as Cell[][];
  }

  async namedEvents(workspaceId: number, names: string[], range: TimeRange): Promise<NamedEventRow[]> {
    const rows = await this.#rows(
      `SELECT customer_id, timestamp, name, value FROM events
       WHERE workspace_id = $1 AND name = ANY($2::text[]) AND timestamp >= $3 AND timestamp < $4
         AND type = 'track'`,
      [workspaceId, [...new Set(names)], range.from, range.to],
    );
    return rows.map((r) => ({ c: Number(r[0]), t: Number(r[1]), name: str(r[2]!), v: num(r[3]!) }));
  }

  async detailedEvents(workspaceId: number, q: DetailedEventQuery): Promise<DetailedEventRow[]> {
    const values: unknown[] = [workspaceId, q.from, q.to];
    const where = ['workspace_id = $1', 'timestamp >= $2', 'timestamp < $3', 'NOT internal'];
    if (q.names) where.push(`name = ANY($${values.push(q.names)}::text[])`);
    if (q.customers) where.push(`customer_id = ANY($${values.push(q.customers)}::bigint[])`);
    const rows = await this.#rows(
      `SELECT customer_id, timestamp, name, value, type, stage, channel, touchpoint, campaign${
        q.properties ? ", coalesce(payload -> 'properties', '{}'::jsonb)" : ''
      } FROM events WHERE ${where.join(' AND ')}`,
      values,
    );
    return rows.map((r) => {
      const row: DetailedEventRow = {
        c: Number(r[0]),
        t: Number(r[1]),
        name: str(r[2]!),
        v: num(r[3]!),
        type: String(r[4]),
        stage: str(r[5]!),
        channel: str(r[6]!),
        touchpoint: str(r[7]!),
        campaign: str(r[8]!),
      };
      if (q.properties) row.properties = (r[9] ?? {}) as JsonObject;
      return row;
    });
  }

  async activity(workspaceId: number, range: TimeRange): Promise<CustomerTime[]> {
    const rows = await this.#rows(
      `SELECT customer_id, timestamp FROM events
       WHERE workspace_id = $1 AND timestamp >= $2 AND timestamp < $3 AND NOT internal`,
      [workspaceId, range.from, range.to],
    );
    return rows.map((r) => ({ c: Number(r[0]), t: Number(r[1]) }));
  }

  async activePeriods(
    workspaceId: number,
    unit: 'day' | 'week' | 'month',
    periods: { from: number; to: number },
  ): Promise<{ c: number; p: number }[]> {
    // One row per period with its customers as text: node-postgres parses every row and value in
    // JavaScript on the thread that serves the whole report, while String.split is native. 257,054
    // active days arrive in 70–100 ms so against 150–190 ms as rows (bench/analytics' data). Pairs of
    // numbers gain nothing this way: PostgreSQL's concatenation then costs more than it saves.
    const rows = await this.#rows(
      `SELECT period, string_agg(customer_id::text, ',') FROM active_${unit}s
       WHERE workspace_id = $1 AND period >= $2 AND period < $3
       GROUP BY period`,
      [workspaceId, periods.from, periods.to],
    );
    const out: { c: number; p: number }[] = [];
    for (const [period, customers] of rows) {
      const p = Number(period);
      for (const c of String(customers).split(',')) out.push({ c: Number(c), p });
    }
    return out;
  }

  async pageViewsByDay(workspaceId: number, range: TimeRange): Promise<{ day: number; views: number }[]> {
    const rows = await this.#rows(
      `SELECT ${postgresPeriod('day')} AS d, count(*) FROM events
       WHERE workspace_id = $1 AND timestamp >= $2 AND timestamp < $3 AND NOT internal AND type = 'page'
       GROUP BY d ORDER BY d`,
      [workspaceId, range.from, range.to],
    );
    return rows.map((r) => ({ day: Number(r[0]) * DAY, views: Number(r[1]) }));
  }

  async firstSeen(workspaceId: number, range: TimeRange): Promise<CustomerTime[]> {
    const rows = await this.#rows(
      'SELECT id, first_seen FROM customers WHERE workspace_id = $1 AND first_seen >= $2 AND first_seen < $3',
      [workspaceId, range.from, range.to],
    );
    return rows.map((r) => ({ c: Number(r[0]), t: Number(r[1]) }));
  }

  async firstOccurrences(workspaceId: number, name: string, range: TimeRange): Promise<CustomerTime[]> {
    // As on SQLite: for a short range, the customers with the event in it less those who had one before
    // (none for a customer first seen in the range: the first-seen index gives those in one scan, which
    // spared 50–78% of the probes on bench/analytics' data); for a long one, the event's whole history
    // grouped by customer. A customer id belongs to one workspace, so the probe needs no workspace_id:
    // that keeps it an index-only scan of events_customer, whose INCLUDE columns hold name and type.
    // The new customers are a join, not `IN (subquery)`: PostgreSQL hashes such a subquery only when
    // its estimate fits work_mem and otherwise searches it linearly for every buyer, which took minutes
    // for a month a year back (most customers were first seen after it; bench/analytics' data).
    const sql =
      range.to - range.from <= SHORT_RANGE_MS
        ? `SELECT f.customer_id, f.t FROM (
             SELECT customer_id, min(timestamp) AS t FROM events
             WHERE workspace_id = $1 AND name = $2 AND timestamp >= $3 AND timestamp < $4 AND type = 'track'
             GROUP BY customer_id) f
           LEFT JOIN (SELECT id FROM customers WHERE workspace_id = $1 AND first_seen >= $3 AND first_seen < $4) n
             ON n.id = f.customer_id
           WHERE n.id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM events p
             WHERE p.customer_id = f.customer_id AND p.timestamp < $3 AND p.name = $2 AND p.type = 'track')`
        : `SELECT customer_id, min(timestamp) FROM events
           WHERE workspace_id = $1 AND name = $2 AND timestamp < $4 AND type = 'track'
           GROUP BY customer_id HAVING min(timestamp) >= $3`;
    const rows = await this.#rows(sql, [workspaceId, name, range.from, range.to]);
    return rows.map((r) => ({ c: Number(r[0]), t: Number(r[1]) }));
  }

  async moves(workspaceId: number, range: TimeRange): Promise<MoveRow[]> {
    const rows = await this.#rows(
      `SELECT customer_id, from_stage, to_stage, at FROM stage_moves
       WHERE workspace_id = $1 AND at >= $2 AND at < $3`,
      [workspaceId, range.from, range.to],
    );
    return rows.map((r) => ({ c: Number(r[0]), from: str(r[1]!), to: String(r[2]), at: Number(r[3]) }));
  }

  async stageCounts(workspaceId: number): Promise<StageCount[]> {
    const rows = await this.#rows(
      // Kept by triggers on customer_state (migration 007): a few delta rows per stage, not a count.
      `SELECT stage, sum(customers) FROM stage_counts WHERE workspace_id = $1
       GROUP BY stage HAVING sum(customers) > 0 ORDER BY stage`,
      [workspaceId],
    );
    return rows.map((r) => ({ stage: String(r[0]), customers: Number(r[1]) }));
  }

  async customerSegments(workspaceId: number, customers: number[]): Promise<Map<number, string[]>> {
    const rows = await this.#rows(
      `SELECT customer_id, segments FROM customer_state
       WHERE customer_id = ANY($2::bigint[]) AND workspace_id = $1 AND segments != '[]'::jsonb`,
      [workspaceId, customers],
    );
    return new Map(rows.map((r) => [Number(r[0]), r[1] as unknown as string[]]));
  }

  async acquisitions(workspaceId: number, customers: number[]): Promise<Acquisition[]> {
    if (customers.length === 0) return [];
    const rows = await this.#rows(
      `SELECT c.id, e.channel, e.campaign FROM unnest($2::bigint[]) AS c(id)
       CROSS JOIN LATERAL (
         SELECT channel, campaign FROM events
         WHERE customer_id = c.id AND workspace_id = $1 AND NOT internal
           AND channel IS NOT NULL AND channel NOT IN ('unassigned', 'web', 'internal')
         ORDER BY timestamp, id LIMIT 1) e`,
      [workspaceId, customers],
    );
    return rows.map((r) => ({ c: Number(r[0]), channel: String(r[1]), campaign: str(r[2]!) }));
  }

  async purchaseDays(workspaceId: number, name: string, until: number): Promise<PurchaseDay[]> {
    const rows = await this.#rows(
      `SELECT customer_id, ${postgresPeriod('day')} AS d, coalesce(sum(value), 0) FROM events
       WHERE workspace_id = $1 AND name = $2 AND timestamp < $3 AND type = 'track'
       GROUP BY customer_id, d ORDER BY customer_id, d`,
      [workspaceId, name, until],
    );
    return rows.map((r) => ({ c: Number(r[0]), day: Number(r[1]) * DAY, v: Number(r[2]) }));
  }

  async putSpend(workspaceId: number, rows: SpendRow[]): Promise<{ inserted: number; replaced: number }> {
    if (rows.length === 0) return { inserted: 0, replaced: 0 };
    // `xmax = 0` tells a fresh insert from an update of an existing row.
    const result = await this.#rows(
      `INSERT INTO marketing_spend (workspace_id, day, channel, campaign, amount, impressions, clicks)
       SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::float8[], $6::bigint[], $7::bigint[])
       ON CONFLICT (workspace_id, day, channel, campaign) DO UPDATE SET amount = excluded.amount,
         impressions = excluded.impressions, clicks = excluded.clicks
       RETURNING (xmax = 0)`,
      [
        workspaceId,
        rows.map((r) => r.day),
        rows.map((r) => r.channel),
        rows.map((r) => r.campaign),
        rows.map((r) => r.amount),
        rows.map((r) => r.impressions),
        rows.map((r) => r.clicks),
      ],
    );
    const inserted = result.filter((r) => r[0] === true).length;
    return { inserted, replaced: result.length - inserted };
  }

  async spend(workspaceId: number, range: TimeRange): Promise<SpendRow[]> {
    const rows = await this.#rows(
      `SELECT day, channel, campaign, amount, impressions, clicks FROM marketing_spend
       WHERE workspace_id = $1 AND day >= $2 AND day < $3 ORDER BY day, channel, campaign`,
      [workspaceId, range.from, range.to],
    );
    return rows.map((r) => ({
      day: Number(r[0]),
      channel: String(r[1]),
      campaign: String(r[2]),
      amount: Number(r[3]),
      impressions: num(r[4]!),
      clicks: num(r[5]!),
    }));
  }

  async writePredictions(
    workspaceId: number,
    predictions: { c: number; p: JsonObject }[],
    now: number,
  ): Promise<number> {
    let written = 0;
    for (let i = 0; i < predictions.length; i += PREDICTION_BATCH) {
      const batch = predictions.slice(i, i + PREDICTION_BATCH);
      const result = await this.#store.pool.query(
        `INSERT INTO customer_state (customer_id, workspace_id, segments, features, predictions, updated_at)
         SELECT c.id, c.workspace_id, '[]', '{}', p.predictions, $4
         FROM unnest($2::bigint[], $3::jsonb[]) AS p(id, predictions)
         JOIN customers c ON c.id = p.id AND c.workspace_id = $1
         ORDER BY c.id
         ON CONFLICT (customer_id) DO UPDATE SET predictions = excluded.predictions, updated_at = excluded.updated_at
         WHERE customer_state.workspace_id = excluded.workspace_id`,
        [workspaceId, batch.map((r) => r.c), batch.map((r) => JSON.stringify(r.p)), now],
      );
      written += result.rowCount ?? 0;
    }
    return written;
  }

  restartRecompute(workspaceId: number, now: number): Promise<void> {
    return inTransaction(this.#store.pool, async (c) => {
      await lockEngineConfig(c);
      await restartRecompute(c, workspaceId, now);
    });
  }

  async saveFit(workspaceId: number, report: JsonObject, now: number): Promise<StoredFit> {
    const rows = await this.#rows(
      'INSERT INTO prediction_fits (workspace_id, fitted_at, report) VALUES ($1, $2, $3::jsonb) RETURNING id',
      [workspaceId, now, JSON.stringify(report)],
    );
    return { id: Number(rows[0]![0]), fittedAt: now, report };
  }

  async latestFit(workspaceId: number): Promise<StoredFit | null> {
    const rows = await this.#rows(
      'SELECT id, fitted_at, report FROM prediction_fits WHERE workspace_id = $1 ORDER BY id DESC LIMIT 1',
      [workspaceId],
    );
    const r = rows[0];
    return r ? { id: Number(r[0]), fittedAt: Number(r[1]), report: r[2] as JsonObject } : null;
  }
}
