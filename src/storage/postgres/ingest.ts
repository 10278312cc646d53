import type pg from 'pg';
import { type IngestOutcome, ingestMessages } from '../../identity/index.ts';
import type { IngestGroup } from '../../ingest/index.ts';
import { runUnit } from './write-unit.ts';

/**
 * Stores all groups in one write unit (group commit). When another process links the same new
 * identifier or stores the same messageId first, the transaction fails or notices (`ConcurrentIngest`),
 * and the unit runs again from the start: the second time it reads what the other process committed.
 */
export async function ingestGroups(
  pool: pg.Pool,
  groups: IngestGroup[],
  now: number,
): Promise<IngestOutcome[]> {
  const { result } = await runUnit(pool, async (unit) => {
    const outcomes: IngestOutcome[] = [];
    for (const g of groups)
      outcomes.push(await ingestMessages(unit.ingest, g.workspaceId, g.messages, g.settings, now));
    return outcomes;
  });
  return result;
}
