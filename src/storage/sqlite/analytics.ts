import type { StatementSync } from 'node:sqlite';
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
import { restartRecompute } from './engine-admin.ts';
import { sqlitePeriod } from './period-sql.ts';
import type { SqliteStore } from './sqlite-store.ts';

/**
 * Up to this range, first occurrences are found from the range's own events (measured on 10M events:
 * faster for a month, slower for a year than grouping the whole history).
 */
const SHORT_RANGE_MS = 92 * DAY;
/** Customers per transaction when writing predictions, so the writer thread never waits long. */
const PREDICTION_BATCH = 2_000;
/** Ids per IN list: SQLite allows 32,766 parameters. */
const ID_CHUNK = 10_000;

type Value = string | number | null;
/** Runs a statement with rows as arrays, the cheapest shape node:sqlite returns. */
function arrays(stmt: StatementSync, ...args: Value[]): Value[][] {
  stmt.setReturnArrays(true);
  return stmt.all(...args) as unknown as Value[][];
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const num = (v: Value) => (v === null ? null : Number(v));
const str = (v: Value) => (v === null ? null : String(v));

/**
 * Analytics reads on SQLite. Reads run on the calling thread's connection (WAL readers never block the
 * writer); the `+workspace_id` forms keep the planner on the index each query was written for.
 */
export class SqliteAnalytics implements AnalyticsStorage {
  readonly #s: SqliteStore;

  constructor(store: SqliteStore) {
    this.#s = store;
  }

  async settings(workspaceId: number): Promise<AnalyticsSettingsOverrides | undefined> {
    const row = this.#s.statement('SELECT settings FROM workspaces WHERE id = ?').get(workspaceId);
    return row ? workspaceSettings(row.settings).analytics : undefined;
  }

  async namedEvents(workspaceId: number, names: string[], range: TimeRange): Promise<NamedEventRow[]> {
    const stmt = this.#s.statement(
      `SELECT customer_id, timestamp, name, value FROM events
       WHERE workspace_id = ? AND name = ? AND timestamp >= ? AND timestamp < ? AND type = 'track'`,
    );
    const out: NamedEventRow[] = [];
    for (const name of new Set(names)) {
      for (const r of arrays(stmt, workspaceId, name, range.from, range.to)) {
        out.push({ c: Number(r[0]), t: Number(r[1]), name, v: num(r[3]!) });
      }
    }
    return out;
  }

  async detailedEvents(workspaceId: number, q: DetailedEventQuery): Promise<DetailedEventRow[]> {
    const columns = `customer_id, timestamp, name, value, type, stage, channel, touchpoint, campaign${
      q.properties ? ", json_extract(payload, '$.properties')" : ''
    }`;
    const where = ['workspace_id = ?', 'timestamp >= ?', 'timestamp < ?', 'internal = 0'];
    const base: Value[] = [workspaceId, q.from, q.to];
    const groups: Value[][] = [];
    if (q.customers) {
      // One range of the customer index each: the time index would read the whole workspace's range.
      where[0] = '+workspace_id = ?';
      for (const ids of chunks(q.customers, ID_CHUNK)) groups.push([...ids]);
    }
    const out: DetailedEventRow[] = [];
    const run = (extra: string, args: Value[]) => {
      const sql = `SELECT ${columns} FROM events WHERE ${[...where, ...(extra ? [extra] : [])].join(' AND ')}`;
      for (const r of arrays(this.#s.statement(sql), ...base, ...args)) {
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
        if (q.properties) row.properties = r[9] ? (JSON.parse(String(r[9])) as JsonObject) : {};
        out.push(row);
      }
    };
    const nameFilter = q.names ? `name IN (${placeholders(q.names.length)})` : '';
    const nameArgs = q.names ?? [];
    if (q.customers) {
      for (const ids of groups) {
        const extra = [`customer_id IN (${placeholders(ids.length)})`, nameFilter]
          .filter(Boolean)
          .join(' AND ');
        run(extra, [...ids, ...nameArgs]);
      }
    } else {
      run(nameFilter, nameArgs);
    }
    return out;
  }

  async activity(workspaceId: number, range: TimeRange): Promise<CustomerTime[]> {
    const rows = arrays(
      this.#s.statement(
        `SELECT customer_id, timestamp FROM events
         WHERE workspace_id = ? AND timestamp >= ? AND timestamp < ? AND internal = 0`,
      ),
      workspaceId,
      range.from,
      range.to,
    );
    return rows.map((r) => ({ c: Number(r[0]), t: Number(r[1]) }));
  }

  async activePeriods(
    workspaceId: number,
    unit: 'day' | 'week' | 'month',
    periods: { from: number; to: number },
  ): Promise<{ c: number; p: number }[]> {
    const rows = arrays(
      this.#s.statement(
        `SELECT customer_id, period FROM active_${unit}s
         WHERE workspace_id = ? AND period >= ? AND period < ?`,
      ),
      workspaceId,
      periods.from,
      periods.to,
    );
    return rows.map((r) => ({ c: Number(r[0]), p: Number(r[1]) }));
  }

  async pageViewsByDay(workspaceId: number, range: TimeRange): Promise<{ day: number; views: number }[]> {
    const rows = arrays(
      this.#s.statement(
        `SELECT ${sqlitePeriod('day')} AS d, count(*) FROM events
         WHERE workspace_id = ? AND timestamp >= ? AND timestamp < ? AND internal = 0 AND type = 'page'
         GROUP BY d ORDER BY d`,
      ),
      workspaceId,
      range.from,
      range.to,
    );
    return rows.map((r) => ({ day: Number(r[0]) * DAY, views: Number(r[1]) }));
  }

  async firstSeen(workspaceId: number, range: TimeRange): Promise<CustomerTime[]> {
    const rows = arrays(
      this.#s.statement(
        'SELECT id, first_seen FROM customers WHERE workspace_id = ? AND first_seen >= ? AND first_seen < ?',
      ),
      workspaceId,
      range.from,
      range.to,
    );
    return rows.map((r) => ({ c: Number(r[0]), t: Number(r[1]) }));
  }

  async firstOccurrences(workspaceId: number, name: string, range: TimeRange): Promise<CustomerTime[]> {
    // A short range: only a customer with the event in it can have their first one there, so take those
    // from the name index and drop each who had one before. A customer first seen in the range had no
    // event before it (first_seen is the earliest of their events' times, merges included), and the
    // first-seen index lists those in one range scan; the others take a short walk of their own log (the
    // customer index holds name and type, and a customer id belongs to one workspace, so the walk never
    // reads the table). A long range holds most of the event's history anyway: group it all.
    const sql =
      range.to - range.from <= SHORT_RANGE_MS
        ? `SELECT e.customer_id, min(e.timestamp) FROM events e
           WHERE e.workspace_id = ? AND e.name = ? AND e.timestamp >= ? AND e.timestamp < ? AND e.type = 'track'
           GROUP BY e.customer_id
           HAVING e.customer_id IN (SELECT id FROM customers WHERE workspace_id = ?1 AND first_seen >= ?3)
             OR NOT EXISTS (SELECT 1 FROM events p
               WHERE p.customer_id = e.customer_id AND p.timestamp < ?3 AND p.name = ?2 AND p.type = 'track')`
        : `SELECT customer_id, min(timestamp) AS first FROM events
           WHERE workspace_id = ?1 AND name = ?2 AND timestamp < ?4 AND type = 'track'
           GROUP BY customer_id HAVING first >= ?3`;
    const rows = arrays(this.#s.statement(sql), workspaceId, name, range.from, range.to);
    return rows.map((r) => ({ c: Number(r[0]), t: Number(r[1]) }));
  }

  async moves(workspaceId: number, range: TimeRange): Promise<MoveRow[]> {
    const rows = arrays(
      this.#s.statement(
        `SELECT customer_id, from_stage, to_stage, at FROM stage_moves
         WHERE workspace_id = ? AND at >= ? AND at < ?`,
      ),
      workspaceId,
      range.from,
      range.to,
    );
    return rows.map((r) => ({ c: Number(r[0]), from: str(r[1]!), to: String(r[2]), at: Number(r[3]) }));
  }

  async stageCounts(workspaceId: number): Promise<StageCount[]> {
    const rows = arrays(
      this.#s.statement(
        `SELECT stage, count(*) FROM customer_state WHERE workspace_id = ? AND stage IS NOT NULL
         GROUP BY stage ORDER BY stage`,
      ),
      workspaceId,
    );
    return rows.map((r) => ({ stage: String(r[0]), customers: Number(r[1]) }));
  }

  async customerSegments(workspaceId: number, customers: number[]): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>();
    for (const ids of chunks(customers, ID_CHUNK)) {
      const rows = arrays(
        this.#s.statement(
          `SELECT customer_id, segments FROM customer_state
           WHERE customer_id IN (${placeholders(ids.length)}) AND workspace_id = ? AND segments != '[]'`,
        ),
        ...ids,
        workspaceId,
      );
      for (const r of rows) out.set(Number(r[0]), JSON.parse(String(r[1])) as string[]);
    }
    return out;
  }

  async acquisitions(workspaceId: number, customers: number[]): Promise<Acquisition[]> {
    // The earliest event of each customer with a marketing channel: one short walk of the customer index.
    const stmt = this.#s.statement(
      `SELECT channel, campaign FROM events
       WHERE customer_id = ? AND +workspace_id = ? AND internal = 0
         AND channel IS NOT NULL AND channel NOT IN ('unassigned', 'web', 'internal')
       ORDER BY timestamp, id LIMIT 1`,
    );
    stmt.setReturnArrays(true);
    const out: Acquisition[] = [];
    for (const c of customers) {
      const r = stmt.get(c, workspaceId) as unknown as Value[] | undefined;
      if (r) out.push({ c, channel: String(r[0]), campaign: str(r[1]!) });
    }
    return out;
  }

  async purchaseDays(workspaceId: number, name: string, until: number): Promise<PurchaseDay[]> {
    const rows = arrays(
      this.#s.statement(
        `SELECT customer_id, ${sqlitePeriod('day')} AS d, total(value) FROM events
         WHERE workspace_id = ? AND name = ? AND timestamp < ? AND type = 'track'
         GROUP BY customer_id, d ORDER BY customer_id, d`,
      ),
      workspaceId,
      name,
      until,
    );
    return rows.map((r) => ({ c: Number(r[0]), day: Number(r[1]) * DAY, v: Number(r[2]) }));
  }

  putSpend(workspaceId: number, rows: SpendRow[]): Promise<{ inserted: number; replaced: number }> {
    return this.#s.writeNow(() => {
      const exists = this.#s.statement(
        'SELECT 1 FROM marketing_spend WHERE workspace_id = ? AND day = ? AND channel = ? AND campaign = ?',
      );
      const put = this.#s.statement(
        `INSERT INTO marketing_spend (workspace_id, day, channel, campaign, amount, impressions, clicks)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (workspace_id, day, channel, campaign) DO UPDATE SET amount = excluded.amount,
           impressions = excluded.impressions, clicks = excluded.clicks`,
      );
      let replaced = 0;
      for (const r of rows) {
        if (exists.get(workspaceId, r.day, r.channel, r.campaign)) replaced++;
        put.run(workspaceId, r.day, r.channel, r.campaign, r.amount, r.impressions, r.clicks);
      }
      return { inserted: rows.length - replaced, replaced };
    });
  }

  async spend(workspaceId: number, range: TimeRange): Promise<SpendRow[]> {
    const rows = arrays(
      this.#s.statement(
        `SELECT day, channel, campaign, amount, impressions, clicks FROM marketing_spend
         WHERE workspace_id = ? AND day >= ? AND day < ? ORDER BY day, channel, campaign`,
      ),
      workspaceId,
      range.from,
      range.to,
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
    for (const batch of chunks(predictions, PREDICTION_BATCH)) {
      written += await this.#s.writeNow(() => {
        const put = this.#s.statement(
          `INSERT INTO customer_state (customer_id, workspace_id, stage, stage_since, model_version, segments,
             features, signature, predictions, wake_at, updated_at)
           SELECT id, workspace_id, NULL, NULL, NULL, '[]', '{}', NULL, ?, NULL, ?
           FROM customers WHERE id = ? AND workspace_id = ?
           ON CONFLICT (customer_id) DO UPDATE SET predictions = excluded.predictions, updated_at = excluded.updated_at
           WHERE customer_state.workspace_id = excluded.workspace_id`,
        );
        let n = 0;
        for (const { c, p } of batch) n += Number(put.run(JSON.stringify(p), now, c, workspaceId).changes);
        return n;
      });
    }
    return written;
  }

  saveFit(workspaceId: number, report: JsonObject, now: number): Promise<StoredFit> {
    return this.#s.writeNow(() => {
      const row = this.#s
        .statement(
          'INSERT INTO prediction_fits (workspace_id, fitted_at, report) VALUES (?, ?, ?) RETURNING id',
        )
        .get(workspaceId, now, JSON.stringify(report))!;
      return { id: Number(row.id), fittedAt: now, report };
    });
  }

  async latestFit(workspaceId: number): Promise<StoredFit | null> {
    const row = this.#s
      .statement(
        'SELECT id, fitted_at, report FROM prediction_fits WHERE workspace_id = ? ORDER BY id DESC LIMIT 1',
      )
      .get(workspaceId);
    if (!row) return null;
    return { id: Number(row.id), fittedAt: Number(row.fitted_at), report: JSON.parse(String(row.report)) };
  }

  /** Has the engine re-evaluate every customer of the workspace (after new predictions rules read). */
  restartRecompute(workspaceId: number, now: number): Promise<void> {
    return this.#s.writeNow(() => restartRecompute(this.#s, workspaceId, now));
  }
}
