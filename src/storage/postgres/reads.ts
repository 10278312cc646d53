import type pg from 'pg';
import type { Page } from '../../core/index.ts';
import { decodeCursor, encodeCursor } from '../../core/index.ts';
import type { Customer, CustomerQuery, EventQuery, StoredEvent } from '../../customers/index.ts';
import { toCustomer, toEvent } from '../rows.ts';

/** Builds a WHERE clause with numbered placeholders, so filters can be added in any combination. */
class Where {
  readonly parts: string[] = [];
  readonly args: unknown[] = [];
  /** Adds a condition; each `?` in it becomes the next `$n` with the matching value. */
  add(condition: string, ...values: unknown[]): void {
    let i = 0;
    this.parts.push(condition.replace(/\?/g, () => `$${this.args.push(values[i++])}`));
  }
  get sql(): string {
    return this.parts.join(' AND ');
  }
  /** The placeholder for one more value, e.g. the LIMIT. */
  next(value: unknown): string {
    return `$${this.args.push(value)}`;
  }
}

/** Customers newest first, filtered by userId (any of their user ids), email or one trait. */
export async function listCustomers(
  pool: pg.Pool,
  workspaceId: number,
  q: CustomerQuery,
): Promise<Page<Customer>> {
  const where = new Where();
  where.add('c.workspace_id = ?', workspaceId);
  if (q.userId !== undefined) {
    where.add(
      "c.id IN (SELECT customer_id FROM identities WHERE workspace_id = ? AND kind = 'user_id' AND value = ?)",
      workspaceId,
      q.userId,
    );
  }
  if (q.email !== undefined) where.add('c.email = ?', q.email.trim().toLowerCase());
  if (q.trait) where.add('c.traits ->> ?::text = ?', q.trait.key, q.trait.value);
  // By stage, the walk follows the (workspace_id, stage, customer_id) index and stops after a page.
  const id = q.stage === undefined ? 'c.id' : 's.customer_id';
  if (q.stage !== undefined) where.add('s.workspace_id = ? AND s.stage = ?', workspaceId, q.stage);
  if (q.cursor) {
    const [after] = decodeCursor(q.cursor, ['number']);
    where.add(`${id} < ?`, after);
  }
  const limit = where.next(q.limit + 1);
  const from =
    q.stage === undefined ? 'customers c' : 'customer_state s JOIN customers c ON c.id = s.customer_id';
  const { rows } = await pool.query(
    `SELECT c.* FROM ${from} WHERE ${where.sql} ORDER BY ${id} DESC LIMIT ${limit}`,
    where.args,
  );
  const items = rows.slice(0, q.limit).map(toCustomer);
  return { items, next: rows.length > q.limit ? encodeCursor([items[items.length - 1].id]) : null };
}

/** Events newest first (by timestamp, then id), filtered by customer, name, type and time. */
export async function listEvents(
  pool: pg.Pool,
  workspaceId: number,
  q: EventQuery,
): Promise<Page<StoredEvent>> {
  const where = new Where();
  where.add('workspace_id = ?', workspaceId);
  if (q.customerId !== undefined) where.add('customer_id = ?', q.customerId);
  if (q.name !== undefined) where.add('name = ?', q.name);
  if (q.type !== undefined) where.add('type = ?', q.type);
  if (q.internal !== undefined) where.add('internal = ?', q.internal);
  if (q.from !== undefined) where.add('timestamp >= ?', q.from);
  if (q.to !== undefined) where.add('timestamp < ?', q.to);
  if (q.cursor) {
    const [timestamp, id] = decodeCursor(q.cursor, ['number', 'number']);
    where.add('(timestamp, id) < (?, ?)', timestamp, id);
  }
  const limit = where.next(q.limit + 1);
  const { rows } = await pool.query(
    `SELECT * FROM events WHERE ${where.sql} ORDER BY timestamp DESC, id DESC LIMIT ${limit}`,
    where.args,
  );
  const items = rows.slice(0, q.limit).map(toEvent);
  const last = items[items.length - 1];
  return { items, next: rows.length > q.limit ? encodeCursor([last.timestamp, last.id]) : null };
}
