import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { JobWritesInUnit } from '../../jobs/index.ts';
import type { JourneyWritesInUnit } from '../../journeys/index.ts';
import type { MessagingWritesInUnit } from '../../messaging/index.ts';
import type { WriteUnit } from '../store.ts';
import { CONFIG_LOCK } from './engine-admin.ts';
import { PostgresEngineTransaction } from './engine-transaction.ts';
import { ConcurrentIngest, PostgresIngestTransaction } from './ingest-transaction.ts';
import { cancelWith, enqueueWith } from './jobs.ts';
import { postgresJourneyWrites } from './journeys.ts';
import { postgresMessagingWrites } from './messaging.ts';
import { inTransaction } from './pool.ts';

/** Runs after the first attempt; processes contending for the same customers collide now and then. */
const RETRIES = 5;
/** unique_violation, serialization_failure, deadlock_detected: another transaction got in the way. */
const RETRYABLE_CODES = new Set(['23505', '40001', '40P01']);

const isRetryable = (error: unknown): boolean =>
  error instanceof ConcurrentIngest || RETRYABLE_CODES.has((error as { code?: string })?.code ?? '');

/** The facets of one PostgreSQL write unit, each made the first time the unit's work asks for it. */
export class PostgresUnit implements WriteUnit {
  readonly #client: pg.ClientBase;
  #engine: PostgresEngineTransaction | undefined;
  #ingest: PostgresIngestTransaction | undefined;
  #configLock: Promise<unknown> | undefined;

  constructor(client: pg.ClientBase) {
    this.#client = client;
  }

  /** The jobs' facet: made only for a unit that asks, not for every ingest transaction. */
  get jobs(): JobWritesInUnit {
    const client = this.#client;
    return {
      enqueue: (jobs, options) => enqueueWith(client, jobs, options),
      cancel: (workspaceId, keys) => cancelWith(client, workspaceId, keys),
    };
  }

  /** The journeys' facet. */
  get journeys(): JourneyWritesInUnit {
    return postgresJourneyWrites(this.#client);
  }

  /** Messaging's facet; its enqueue adds the send jobs through this unit's jobs facet. */
  get outbox(): MessagingWritesInUnit {
    return postgresMessagingWrites(this.#client, () => this.jobs);
  }

  /**
   * The engine's facet. Asking for it takes the engines' configuration lock, shared, before any of its
   * statements (the client runs them in order): a pass then runs wholly before or after a model or
   * segment change (see `lockEngineConfig`).
   */
  get engine(): PostgresEngineTransaction {
    if (!this.#engine) {
      this.#configLock = this.#client.query(`SELECT pg_advisory_xact_lock_shared(${CONFIG_LOCK})`);
      // Awaited in `settled`; a failure also fails the statements queued behind it.
      this.#configLock.catch(() => undefined);
      this.#engine = new PostgresEngineTransaction(this.#client);
    }
    return this.#engine;
  }

  get ingest(): PostgresIngestTransaction {
    this.#ingest ??= new PostgresIngestTransaction(this.#client);
    return this.#ingest;
  }

  /** True when the unit's work went through the engine's facet. */
  get usedEngine(): boolean {
    return this.#engine !== undefined;
  }

  /** Everything the facets sent on their own has been answered. */
  async settled(): Promise<void> {
    await this.#configLock;
  }
}

/**
 * The one write template on PostgreSQL: `fn` with a fresh unit in BEGIN … COMMIT on one pooled
 * connection, run again from the start (after a short random pause, so processes that collided do
 * not collide again in lockstep) when another process's transaction got in the way.
 */
export async function runUnit<T>(
  pool: pg.Pool,
  fn: (unit: PostgresUnit) => Promise<T>,
): Promise<{ result: T; unit: PostgresUnit }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(pool, async (client) => {
        const unit = new PostgresUnit(client);
        const result = await fn(unit);
        await unit.settled();
        return { result, unit };
      });
    } catch (error) {
      if (attempt >= RETRIES || !isRetryable(error)) throw error;
      await sleep(Math.random() * 10 * (attempt + 1));
    }
  }
}
