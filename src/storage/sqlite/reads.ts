import type { SQLInputValue } from 'node:sqlite';
import type { Page } from '../../core/index.ts';
import { decodeCursor, encodeCursor } from '../../core/index.ts';
import type { Customer, CustomerQuery, EventQuery, StoredEvent } from '../../customers/index.ts';
import { toCustomer, toEvent } from '../rows.ts';
import type { SqliteStore } from './sqlite-store.ts';

/** Customers newest first, filtered by userId (any of their user ids), email or one trait. */
export function listCustomers(store: SqliteStore, workspaceId: number, q: CustomerQuery): Page<Customer> {
  const where = ['c.workspace_id = ?'];
  const args: SQLInputValue[] = [workspaceId];
  if (q.userId !== undefined) {
    where.push(
      "c.id IN (SELECT customer_id FROM identities WHERE workspace_id = ? AND kind = 'user_id' AND value = ?)",
    );
    args.push(workspaceId, q.userId);
  }
  if (q.email !== undefined) {
    where.push('c.email = ?');
    args.push(q.email.trim().toLowerCase());
  }
  if (q.trait) {
    // json_extract turns JSON true/false into 1/0; spell them as JSON does, as PostgreSQL's ->> does.
    where.push(`(CASE json_type(c.traits, '$.' || json_quote(?)) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'
      ELSE CAST(json_extract(c.traits, '$.' || json_quote(?)) AS TEXT) END) = ?`);
    args.push(q.trait.key, q.trait.key, q.trait.value);
  }
  // By stage, the walk starts from the stage index, whose rows end in the customer id (SQLite's rowid),
  // so a page reads its rows in order and stops: never the whole stage.
  const id = q.stage === undefined ? 'c.id' : 's.customer_id';
  if (q.stage !== undefined) {
    where.push('s.workspace_id = ?', 's.stage = ?');
    args.push(workspaceId, q.stage);
  }
  if (q.cursor) {
    const [after] = decodeCursor(q.cursor, ['number']);
    where.push(`${id} < ?`);
    args.push(after);
  }
  const from =
    q.stage === undefined ? 'customers c' : 'customer_state s JOIN customers c ON c.id = s.customer_id';
  const rows = store
    .statement(`SELECT c.* FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${id} DESC LIMIT ?`)
    .all(...args, q.limit + 1);
  const items = rows.slice(0, q.limit).map(toCustomer);
  return { items, next: rows.length > q.limit ? encodeCursor([items[items.length - 1].id]) : null };
}

/** Events newest first (by timestamp, then id), filtered by customer, name, type and time. */
export function listEvents(store: SqliteStore, workspaceId: number, q: EventQuery): Page<StoredEvent> {
  // With a customer, `+workspace_id` keeps the planner on the (customer_id, timestamp) index; without
  // statistics it would otherwise walk the whole workspace by an index that starts with workspace_id.
  const where = [q.customerId === undefined ? 'workspace_id = ?' : '+workspace_id = ?'];
  const args: SQLInputValue[] = [workspaceId];
  if (q.customerId !== undefined) {
    where.push('customer_id = ?');
    args.push(q.customerId);
  }
  if (q.name !== undefined) {
    where.push('name = ?');
    args.push(q.name);
  }
  if (q.type !== undefined) {
    where.push('type = ?');
    args.push(q.type);
  }
  if (q.internal !== undefined) {
    where.push('internal = ?');
    args.push(q.internal ? 1 : 0);
  }
  if (q.from !== undefined) {
    where.push('timestamp >= ?');
    args.push(q.from);
  }
  if (q.to !== undefined) {
    where.push('timestamp < ?');
    args.push(q.to);
  }
  if (q.cursor) {
    const [timestamp, id] = decodeCursor(q.cursor, ['number', 'number']);
    where.push('(timestamp < ? OR (timestamp = ? AND id < ?))');
    args.push(timestamp, timestamp, id);
  }
  const rows = store
    .statement(`SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY timestamp DESC, id DESC LIMIT ?`)
    .all(...args, q.limit + 1);
  const items = rows.slice(0, q.limit).map(toEvent);
  const last = items[items.length - 1];
  return { items, next: rows.length > q.limit ? encodeCursor([last.timestamp, last.id]) : null };
}
