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
import { listCustomers, listEvents } from './reads.ts';
import type { SqliteStore } from './sqlite-store.ts';

/** Profiles and the event log on SQLite. */
export class SqliteCustomers implements CustomerStorage {
  readonly #s: SqliteStore;

  constructor(store: SqliteStore) {
    this.#s = store;
  }

  async list(workspaceId: number, query: CustomerQuery): Promise<Page<Customer>> {
    return listCustomers(this.#s, workspaceId, query);
  }

  async get(workspaceId: number, id: number): Promise<Customer | null> {
    const row = this.#s
      .statement('SELECT * FROM customers WHERE workspace_id = ? AND id = ?')
      .get(workspaceId, id);
    return row ? toCustomer(row) : null;
  }

  async findSurvivor(workspaceId: number, mergedId: number): Promise<number | null> {
    const row = this.#s
      .statement(
        'SELECT survivor_id FROM merges WHERE workspace_id = ? AND from_customer_id = ? ORDER BY id DESC LIMIT 1',
      )
      .get(workspaceId, mergedId);
    return row ? Number(row.survivor_id) : null;
  }

  async identities(workspaceId: number, customerId: number): Promise<Identity[]> {
    return this.#s
      .statement(
        `SELECT kind, value, created_at FROM identities WHERE customer_id = ? AND workspace_id = ?
         ORDER BY created_at, kind, value`,
      )
      .all(customerId, workspaceId)
      .map(toIdentity);
  }

  async merges(workspaceId: number, customerId: number): Promise<Merge[]> {
    return this.#s
      .statement(
        `SELECT from_customer_id, into_customer_id, reason, message_id, at FROM merges
         WHERE workspace_id = ? AND survivor_id = ? ORDER BY id`,
      )
      .all(workspaceId, customerId)
      .map(toMerge);
  }

  async events(workspaceId: number, query: EventQuery): Promise<Page<StoredEvent>> {
    return listEvents(this.#s, workspaceId, query);
  }

  async countEvents(workspaceId: number): Promise<number> {
    const row = this.#s
      .statement('SELECT count(*) AS n FROM events WHERE workspace_id = ? AND internal = 0')
      .get(workspaceId);
    return Number(row!.n);
  }
}
