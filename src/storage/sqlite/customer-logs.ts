import type { EngineEvent, LogPlan } from '../../engine/index.ts';
import type { SqliteStore } from './sqlite-store.ts';

/**
 * Customers' logs up to `upTo` (and the engine's own events of them), each in time order, holding only
 * the events some feature of the plan counts. Type, name and time come from the covering
 * events_customer index; a payload is read (by rowid) only where the plan needs properties. Customers
 * with nearby ids (a recompute slice) are read in one range scan of the index, which costs per row
 * instead of per customer; scattered ones (new events) one range each.
 */
export function readCustomerLogs(
  store: SqliteStore,
  workspaceId: number,
  customerIds: number[],
  upTo: number,
  plan: LogPlan,
): Map<number, EngineEvent[]> {
  const logs = new Map<number, EngineEvent[]>(customerIds.map((id) => [id, []]));
  if (customerIds.length === 0) return logs;
  const payloadOf = store.statement('SELECT payload FROM events WHERE id = ? AND workspace_id = ?');
  const take = (r: Record<string, unknown>) => {
    const list = logs.get(Number(r.customer_id));
    const type = r.type as EngineEvent['type'];
    const name = r.name === null ? null : String(r.name);
    if (!list || !plan.wants(type, name)) return;
    const id = Number(r.id);
    // Customer ids are unique across workspaces, and these customers were loaded from this one.
    const payload = plan.needsPayload(type, name)
      ? String(payloadOf.get(id, workspaceId)?.payload ?? '{}')
      : null;
    list.push({
      id,
      workspaceId,
      customerId: Number(r.customer_id),
      type,
      name,
      timestamp: Number(r.timestamp),
      payload,
    });
  };
  const sorted = [...customerIds].sort((a, b) => a - b);
  const lo = sorted[0]!;
  const hi = sorted.at(-1)!;
  if (hi - lo + 1 <= 4 * sorted.length) {
    // One statement for the whole run, so the plan's filter is applied in SQLite: rows it drops are
    // never built (page views alone are often half the log).
    const filter = plan.logFilter;
    const rows =
      filter === null
        ? store
            .statement(
              `SELECT customer_id, id, type, name, timestamp FROM events INDEXED BY events_customer
               WHERE customer_id BETWEEN ? AND ? AND (id <= ? OR internal = 1) ORDER BY customer_id, timestamp`,
            )
            .all(lo, hi, upTo)
        : store
            .statement(
              `SELECT customer_id, id, type, name, timestamp FROM events INDEXED BY events_customer
               WHERE customer_id BETWEEN ? AND ? AND (id <= ? OR internal = 1)
                 AND (type IN (SELECT value FROM json_each(?))
                   OR (type = 'track' AND name IN (SELECT value FROM json_each(?))))
               ORDER BY customer_id, timestamp`,
            )
            .all(lo, hi, upTo, JSON.stringify(filter.types), JSON.stringify(filter.names));
    for (const r of rows) take(r);
    return logs;
  }
  const one = store.statement(
    `SELECT customer_id, id, type, name, timestamp FROM events INDEXED BY events_customer
     WHERE customer_id = ? AND (id <= ? OR internal = 1) ORDER BY timestamp`,
  );
  for (const id of sorted) for (const r of one.all(id, upTo)) take(r);
  return logs;
}
