import type pg from 'pg';
import type { JobWritesInUnit } from '../../jobs/index.ts';
import type { MessagingStorage, MessagingWritesInUnit } from '../../messaging/index.ts';
import { messagingWrites, type SqlExec, SqlMessaging } from '../messaging-sql.ts';

/** PostgreSQL numbers its placeholders: the shared SQL's `?` become `$1`, `$2`, ... */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

function postgresExec(c: pg.Pool | pg.ClientBase): SqlExec {
  return {
    async all(sql, params) {
      return (await c.query(numbered(sql), params as unknown[])).rows;
    },
    async run(sql, params) {
      return (await c.query(numbered(sql), params as unknown[])).rowCount ?? 0;
    },
  };
}

/** The messaging facet of a PostgreSQL write unit, on the unit's client. */
export function postgresMessagingWrites(
  c: pg.ClientBase,
  jobs: () => JobWritesInUnit,
): MessagingWritesInUnit {
  return messagingWrites(postgresExec(c), jobs);
}

/** Messaging on PostgreSQL: reads on the pool, writes in a unit of the store's. */
export function postgresMessaging(pool: pg.Pool, write: MessagingStorage['write']): SqlMessaging {
  return new SqlMessaging(postgresExec(pool), write);
}
