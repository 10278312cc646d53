import type { SQLInputValue } from 'node:sqlite';
import type { JobWritesInUnit } from '../../jobs/index.ts';
import type { MessagingWritesInUnit } from '../../messaging/index.ts';
import { messagingWrites, type SqlExec, SqlMessaging } from '../messaging-sql.ts';
import type { SqliteStore } from './sqlite-store.ts';

/** Messaging's SQL on the store's connection: synchronous under the hood, so it joins whatever transaction is open. */
function sqliteExec(s: SqliteStore): SqlExec {
  const values = (params: readonly unknown[]) => params as SQLInputValue[];
  return {
    async all(sql, params) {
      return s.statement(sql).all(...values(params)) as Record<string, unknown>[];
    },
    async run(sql, params) {
      return Number(s.statement(sql).run(...values(params)).changes);
    },
  };
}

/** The messaging facet of a SQLite write unit. */
export function sqliteMessagingWrites(s: SqliteStore, jobs: () => JobWritesInUnit): MessagingWritesInUnit {
  return messagingWrites(sqliteExec(s), jobs);
}

/** Messaging on SQLite: reads on the store's connection, writes in turn with its others (`store.write`). */
export function sqliteMessaging(s: SqliteStore): SqlMessaging {
  return new SqlMessaging(sqliteExec(s), (fn) => s.write((unit) => fn(unit.outbox)));
}
