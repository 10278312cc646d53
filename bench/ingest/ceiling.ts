import type { Message } from '../../src/core/index.ts';
import { isRejection, validateMessage } from '../../src/ingest/index.ts';
import type { OpenStore } from '../../src/storage/index.ts';
import type { Workload } from './workload.ts';

/**
 * The raw insert rate of the store's event log: the same event rows, same table and indexes, inserted
 * in large transactions with no HTTP, validation or identity work. The ceiling ingest is compared to.
 */
export async function measureCeiling(store: OpenStore, workload: Workload, events: number): Promise<number> {
  const ws = await store.workspaces.create(
    `ceiling-${Date.now()}`,
    { identity: { identifyByEmail: false, maxIdentitiesPerCustomer: 100 } },
    Date.now(),
  );
  const batches: { message: Message; customerId: number }[][] = [];
  for (let i = 0; i < events; i += 5000) {
    const batch: { message: Message; customerId: number }[] = [];
    for (let j = 0; j < 5000 && i + j < events; j++) {
      const m = validateMessage(workload.message(), undefined, { receivedAt: Date.now() });
      if (isRejection(m)) throw new Error(m.message);
      batch.push({ message: m, customerId: 1 + ((i + j) % 100_000) });
    }
    batches.push(batch);
  }
  const started = performance.now();
  let inserted = 0;
  for (const batch of batches) inserted += await store.insertEventsRaw(ws.id, batch);
  const seconds = (performance.now() - started) / 1000;
  if (inserted !== events) throw new Error(`ceiling inserted ${inserted} of ${events}`);
  return events / seconds;
}
