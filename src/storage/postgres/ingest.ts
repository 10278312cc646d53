import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { type IngestOutcome, ingestMessages } from '../../identity/index.ts';
import type { IngestGroup } from '../../ingest/index.ts';
import { ConcurrentIngest, PostgresIngestTransaction } from './ingest-transaction.ts';
import { inTransaction } from './pool.ts';

/** Retries after the first attempt when a concurrent process wrote the same identifiers or messages. */
const RETRIES = 3;
/** unique_violation, serialization_failure, deadlock_detected: another transaction got there first. */
const RETRYABLE_CODES = new Set(['23505', '40001', '40P01']);

const isRetryable = (error: unknown): boolean =>
  error instanceof ConcurrentIngest || RETRYABLE_CODES.has((error as { code?: string })?.code ?? '');

/**
 * Stores all groups in one transaction (group commit). When another process links the same new
 * identifier or stores the same messageId first, the transaction fails or notices, and runs again from
 * the start: the second time it reads what the other process committed.
 */
export async function ingestGroups(
  pool: pg.Pool,
  groups: IngestGroup[],
  now: number,
): Promise<IngestOutcome[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(pool, async (client) => {
        const tx = new PostgresIngestTransaction(client);
        const outcomes: IngestOutcome[] = [];
        for (const g of groups)
          outcomes.push(await ingestMessages(tx, g.workspaceId, g.messages, g.settings, now));
        return outcomes;
      });
    } catch (error) {
      if (attempt >= RETRIES || !isRetryable(error)) throw error;
      // A short random pause, so that processes that collided do not collide again in lockstep.
      await sleep(Math.random() * 10 * (attempt + 1));
    }
  }
}
