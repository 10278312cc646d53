import { setImmediate } from 'node:timers/promises';
import type { LifecycleModel } from '../lifecycle/index.ts';
import type { EngineAdmin } from './admin-store.ts';
import { evaluateCustomer, needsRebuild } from './evaluate-customer.ts';
import { WorkspaceRuntime } from './runtime.ts';

export type DryRunReport = {
  customers: number;
  /** Customers who would change stage, per (from, to), largest first. */
  moves: { from: string | null; to: string; customers: number }[];
  unchanged: number;
  /** Customers per stage once the model applied. */
  stages: Record<string, number>;
};

/**
 * What publishing `model` would do: every customer evaluated under it as a recompute would, nothing
 * written. Features the new model needs that the stored ones lack are rebuilt from each customer's
 * log, as the recompute will. Yields to the event loop between batches.
 */
export async function dryRun(
  admin: EngineAdmin,
  current: WorkspaceRuntime,
  model: LifecycleModel,
  now: number,
  batch = 1000,
): Promise<DryRunReport> {
  const runtime = new WorkspaceRuntime(
    current.workspaceId,
    -1,
    { version: (current.modelVersion ?? 0) + 1, model },
    [...current.segmentDefinitions],
    current.watchers,
  );
  const moves = new Map<string, { from: string | null; to: string; customers: number }>();
  const stages: Record<string, number> = {};
  let customers = 0;
  let unchanged = 0;
  for (let after = 0; ; ) {
    const records = await admin.customerRecords(current.workspaceId, after, batch);
    if (records.length === 0) break;
    for (const record of records) {
      const rebuild = needsRebuild(record, runtime.plan)
        ? await admin.customerLogForDryRun(current.workspaceId, record.id, runtime.plan)
        : null;
      const result = evaluateCustomer(record, { runtime, now, cause: 'model', at: now, events: [], rebuild });
      customers++;
      const to = result.state.stage ?? '';
      stages[to] = (stages[to] ?? 0) + 1;
      if (!result.move) {
        unchanged++;
        continue;
      }
      const key = `${result.move.from}\u0000${result.move.to}`;
      const entry = moves.get(key) ?? { from: result.move.from, to: result.move.to, customers: 0 };
      entry.customers++;
      moves.set(key, entry);
    }
    after = records.at(-1)!.id;
    await setImmediate();
  }
  return {
    customers,
    moves: [...moves.values()].sort((a, b) => b.customers - a.customers),
    unchanged,
    stages,
  };
}
