import type pg from 'pg';
import type { Page } from '../../core/index.ts';
import type {
  Customer,
  CustomerQuery,
  CustomerStorage,
  EventQuery,
  Identity,
  Merge,
  StoredEvent,
} from '../../customers/index.ts';
import { toCustomer, toIdentity, toMerge } from '../rows.ts';
import { one } from './pool.ts';
import { listCustomers, listEvents } from './reads.ts';

/** Profiles and the event log on PostgreSQL. */
export class PostgresCustomers implements CustomerStorage {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  list(workspaceId: number, query: CustomerQuery): Promise<Page<Customer>> {
    return listCustomers(this.#pool, workspaceId, query);
  }

  async get(workspaceId: number, id: number): Promise<Customer | null> {
    const sql = 'SELECT * FROM customers WHERE workspace_id = $1 AND id = $2';
    const row = await one(this.#pool, sql, [workspaceId, id]);
    return row ? toCustomer(row) : null;
  }

  async findSurvivor(workspaceId: number, mergedId: number): Promise<number | null> {
    const row = await one(
      this.#pool,
      'SELECT survivor_id FROM merges WHERE workspace_id = $1 AND from_customer_id = $2 ORDER BY id DESC LIMIT 1',
      [workspaceId, mergedId],
    );
    return row ? Number(row.survivor_id) : null;
  }

  async identities(workspaceId: number, customerId: number): Promise<Identity[]> {
    // COLLATE "C": byte order, as SQLite sorts, whatever collation the database was created with.
    const { rows } = await this.#pool.query(
      `SELECT kind, value, created_at FROM identities WHERE customer_id = $1 AND workspace_id = $2
       ORDER BY created_at, kind COLLATE "C", value COLLATE "C"`,
      [customerId, workspaceId],
    );
    return rows.map(toIdentity);
  }

  async merges(workspaceId: number, customerId: number): Promise<Merge[]> {
    const { rows } = await this.#pool.query(
      `SELECT from_customer_id, into_customer_id, reason, message_id, at FROM merges
       WHERE workspace_id = $1 AND survivor_id = $2 ORDER BY id`,
      [workspaceId, customerId],
    );
    return rows.map(toMerge);
  }

  events(workspaceId: number, query: EventQuery): Promise<Page<StoredEvent>> {
    return listEvents(this.#pool, workspaceId, query);
  }

  async countEvents(workspaceId: number): Promise<number> {
    const sql = 'SELECT count(*) AS n FROM events WHERE workspace_id = $1 AND NOT internal';
    return Number((await one(this.#pool, sql, [workspaceId]))!.n);
  }
}
