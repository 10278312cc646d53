import type { IdentifierFinders } from '../resolve-identifiers.ts';
import type { SqliteStore } from './sqlite-store.ts';

/**
 * Finds a workspace's customers by uploaded identifiers on SQLite: one indexed lookup per value, which
 * on an embedded database costs less than building a statement with thousands of parameters.
 */
export function sqliteFinders(s: SqliteStore, workspaceId: number): IdentifierFinders {
  const ids = (sql: string, ...args: (string | number)[]) =>
    s
      .statement(sql)
      .all(...args)
      .map((r) => Number(r.id));
  const each = async <K>(values: K[], find: (value: K) => number[]) =>
    new Map(values.map((v) => [v, find(v)]));
  return {
    userIds: (values) =>
      each(values, (v) =>
        ids(
          "SELECT customer_id AS id FROM identities WHERE workspace_id = ? AND kind = 'user_id' AND value = ?",
          workspaceId,
          v,
        ),
      ),
    // The profile's email, and with identifyByEmail every address that joined the profile.
    emails: (values) =>
      each(values, (v) =>
        ids(
          `SELECT id FROM customers WHERE workspace_id = ? AND email = ?
           UNION SELECT customer_id FROM identities WHERE workspace_id = ? AND kind = 'email' AND value = ?`,
          workspaceId,
          v,
          workspaceId,
          v,
        ),
      ),
    customerIds: async (values) => {
      const out = new Map<number, number>();
      for (const v of values) {
        const [own] = ids('SELECT id FROM customers WHERE workspace_id = ? AND id = ?', workspaceId, v);
        // A merged-away id names the profile that holds its data now.
        const [survivor] =
          own === undefined
            ? ids(
                `SELECT c.id FROM merges m JOIN customers c ON c.id = m.survivor_id AND c.workspace_id = m.workspace_id
                 WHERE m.workspace_id = ? AND m.from_customer_id = ? ORDER BY m.id DESC LIMIT 1`,
                workspaceId,
                v,
              )
            : [];
        const hit = own ?? survivor;
        if (hit !== undefined) out.set(v, hit);
      }
      return out;
    },
  };
}
