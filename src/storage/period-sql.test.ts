import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { PERIOD_UNITS, periodIndex } from '../analytics/periods.ts';
import type { Workspace } from '../workspaces/index.ts';
import type { Store } from './index.ts';
import { postgresPeriod } from './postgres/period-sql.ts';
import { sqlitePeriod } from './sqlite/period-sql.ts';
import {
  identify,
  ingest,
  newWorkspace,
  page,
  sqlRows,
  storeAdapters,
  suiteStore,
  track,
} from './test-support.ts';

// The SQL numbering of days, ISO weeks and months against the JavaScript one, on every adapter, on both
// sides of 1970 (SQL's integer division truncates toward zero; JavaScript floors).
const adapters = await storeAdapters();

const DAY = 86_400_000;
const utc = (year: number, month: number, day = 1) => {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // Date.UTC would read years below 100 as 19xx
  return d.getTime();
};

/** Times around every kind of boundary, either side of 0, and a spread of others. */
function times(): number[] {
  const out = [0, 1, -1, 999, -999, 1000, -1000, -1001, 4 * DAY - 1, 4 * DAY];
  for (let k = -30; k <= 30; k++) out.push(k * DAY - 1, k * DAY, k * DAY + 1);
  // ISO weeks start on Monday: 1969-12-29 (the week of the epoch), 1969-12-22, 1970-01-05, 1900-01-01.
  for (const monday of [utc(1969, 12, 29), utc(1969, 12, 22), utc(1970, 1, 5), utc(1900, 1, 1)]) {
    out.push(monday - 1, monday, monday + 1, monday + 7 * DAY - 1);
  }
  for (const year of [0, 1, 1000, 1600, 1899, 1900, 1968, 1969, 1970, 2000, 2024, 2400, 9999]) {
    for (let month = 1; month <= 12; month++)
      out.push(utc(year, month) - 1, utc(year, month), utc(year, month) + 1);
  }
  // 1968-02-29 and 1900-02-28: leap and not.
  out.push(utc(1968, 2, 29) + 12 * 3_600_000, utc(1900, 2, 28) + DAY - 1);
  let seed = 12_345;
  for (let i = 0; i < 300; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    out.push(Math.round((seed / 2 ** 31 - 0.5) * 2 * 5e12)); // 1811 to 2128
  }
  return out;
}

const periodSql = (store: Store) => (store.dialect === 'postgres' ? postgresPeriod : sqlitePeriod);

for (const adapter of adapters) {
  describe(`periods in SQL (${adapter.name})`, { skip: adapter.skip }, () => {
    const opened = suiteStore(adapter);
    let store: Store;
    let ws: Workspace;
    before(async () => {
      store = opened();
      ws = await newWorkspace(store);
    });

    it('numbers every day, ISO week and month as periodIndex does, before 1970 too', async () => {
      const ts = times();
      const values = ts.map((t) => `(CAST(${t} AS BIGINT))`).join(', ');
      const sql = periodSql(store);
      const rows = await sqlRows(
        store,
        `WITH v(ts) AS (VALUES ${values})
         SELECT ts, ${PERIOD_UNITS.map((u) => `${sql(u, 'ts')} AS ${u}`).join(', ')} FROM v`,
      );
      const got = rows.map((r) => [Number(r.ts), ...PERIOD_UNITS.map((u) => Number(r[u]))]);
      assert.deepEqual(
        got,
        ts.map((t) => [t, ...PERIOD_UNITS.map((u) => periodIndex(t, u))]),
      );
    });

    it('keeps the active periods of events before 1970 in their own periods, through a merge', async () => {
      // 1969-12-31 23:00 and 1969-12-28 (a Sunday: the week before the epoch's) on a visitor, then a
      // user who comes back as that visitor: the visitor's periods move to the user.
      const [late, sunday, user] = [-3_600_000, utc(1969, 12, 28) + 10 * 3_600_000, utc(1969, 11, 30) + 1];
      await ingest(
        store,
        ws,
        track({ anonymousId: 'v-1969' }, 'Viewed', {}, { timestamp: late }),
        track({ anonymousId: 'v-1969' }, 'Viewed', {}, { timestamp: sunday }),
        identify({ userId: 'u-1969' }, {}, { timestamp: user }),
      );
      await ingest(
        store,
        ws,
        identify({ userId: 'u-1969', anonymousId: 'v-1969' }, {}, { timestamp: user }),
        track({ userId: 'u-1969' }, 'Order Completed', {}, { timestamp: late, value: 5 }),
        page({ userId: 'u-1969' }, 'home', { timestamp: late }),
      );
      const [row] = await sqlRows(store, 'SELECT id FROM customers WHERE workspace_id = $1', [ws.id]);
      const survivor = Number(row.id);
      for (const unit of PERIOD_UNITS) {
        const stored = await store.analytics.activePeriods(ws.id, unit, { from: -1e9, to: 1e9 });
        const expected = [...new Set([late, sunday, user].map((t) => periodIndex(t, unit)))];
        assert.deepEqual(
          stored.map((r) => [r.c, r.p]).sort((a, b) => a[1] - b[1]),
          expected.sort((a, b) => a - b).map((p) => [survivor, p]),
          unit,
        );
      }
      // The analytics that group by day in SQL put these on 1969-12-31 too.
      assert.deepEqual(await store.analytics.purchaseDays(ws.id, 'Order Completed', 0), [
        { c: survivor, day: -DAY, v: 5 },
      ]);
      assert.deepEqual(await store.analytics.pageViewsByDay(ws.id, { from: -DAY, to: 0 }), [
        { day: -DAY, views: 1 },
      ]);
    });

    it('migration 009 moves the periods that truncating SQL put a day, week or month late', async () => {
      const other = await newWorkspace(store);
      // Before 1970 on both sides of a week's and a month's start, and one after 1970 in day 0.
      const at = [-1, -3 * DAY - 1, -3 * DAY + 1, utc(1969, 12, 1) - 500, utc(1969, 11, 15), 3_600_000];
      await ingest(
        store,
        other,
        ...at.map((t) => track({ userId: 'u-009' }, 'Viewed', {}, { timestamp: t })),
      );
      const [row] = await sqlRows(store, 'SELECT id FROM customers WHERE workspace_id = $1', [other.id]);
      const c = Number(row.id);
      // The rows the old SQL made: truncated days and weeks, months from truncated seconds; one left behind
      // under a profile merged away since.
      const old = {
        day: (t: number) => Math.trunc(t / DAY),
        week: (t: number) => Math.trunc((Math.trunc(t / DAY) + 3) / 7),
        month: (t: number) => periodIndex(Math.trunc(t / 1000) * 1000, 'month'),
      };
      for (const unit of PERIOD_UNITS) {
        const table = `active_${unit}s`;
        await sqlRows(store, `DELETE FROM ${table} WHERE workspace_id = $1`, [other.id]);
        for (const p of new Set(at.map(old[unit]))) {
          await sqlRows(
            store,
            `INSERT INTO ${table} (workspace_id, period, customer_id) VALUES ($1, $2, $3)`,
            [other.id, p, c],
          );
        }
        await sqlRows(store, `INSERT INTO ${table} (workspace_id, period, customer_id) VALUES ($1, $2, $3)`, [
          other.id,
          periodIndex(-1, unit),
          c + 1_000,
        ]);
      }
      await sqlRows(store, 'DELETE FROM schema_migrations WHERE version = 9');
      assert.deepEqual(await store.migrate(), [9]);
      for (const unit of PERIOD_UNITS) {
        const stored = await store.analytics.activePeriods(other.id, unit, { from: -1e9, to: 1e9 });
        assert.deepEqual(
          stored.map((r) => [r.c, r.p]).sort((a, b) => a[1] - b[1]),
          [...new Set(at.map((t) => periodIndex(t, unit)))].sort((a, b) => a - b).map((p) => [c, p]),
          unit,
        );
      }
    });
  });
}
