import type { JobWritesInUnit } from '../../jobs/index.ts';
import type { JourneyWritesInUnit } from '../../journeys/index.ts';
import type { MessagingWritesInUnit } from '../../messaging/index.ts';
import type { WriteUnit } from '../store.ts';
import { SqliteEngineTransaction } from './engine-transaction.ts';
import { SqliteIngestTransaction } from './ingest-transaction.ts';
import { cancelSync, enqueueSync } from './jobs.ts';
import { sqliteJourneyWrites } from './journeys.ts';
import { sqliteMessagingWrites } from './messaging.ts';
import type { SqliteStore } from './sqlite-store.ts';

/**
 * The facets of a SQLite write unit, made once per connection and kept across its transactions (the
 * ingest facet keeps identity and profile caches between them; see `SqliteIngestTransaction.begin`).
 */
export class SqliteUnit implements WriteUnit {
  readonly #store: SqliteStore;
  #engine: SqliteEngineTransaction | undefined;
  #ingest: SqliteIngestTransaction | undefined;
  /** Whether the ingest facet has checked its caches since this transaction began. */
  #ingestChecked = false;

  constructor(store: SqliteStore) {
    this.#store = store;
  }

  get engine(): SqliteEngineTransaction {
    this.#engine ??= new SqliteEngineTransaction(this.#store);
    return this.#engine;
  }

  get ingest(): SqliteIngestTransaction {
    this.#ingest ??= new SqliteIngestTransaction(this.#store);
    if (!this.#ingestChecked) {
      this.#ingest.begin();
      this.#ingestChecked = true;
    }
    return this.#ingest;
  }

  readonly jobs: JobWritesInUnit = {
    enqueue: async (jobs, options) => enqueueSync(this.#store, jobs, options),
    cancel: async (workspaceId, keys) => cancelSync(this.#store, workspaceId, keys),
  };

  #journeys: JourneyWritesInUnit | undefined;

  get journeys(): JourneyWritesInUnit {
    this.#journeys ??= sqliteJourneyWrites(this.#store);
    return this.#journeys;
  }

  #outbox: MessagingWritesInUnit | undefined;

  get outbox(): MessagingWritesInUnit {
    this.#outbox ??= sqliteMessagingWrites(this.#store, () => this.jobs);
    return this.#outbox;
  }

  /** Right after BEGIN. */
  began(): void {
    this.#ingestChecked = false;
  }

  /** Right after ROLLBACK: caches may hold what was never committed. */
  rolledBack(): void {
    this.#ingest?.forget();
  }
}
