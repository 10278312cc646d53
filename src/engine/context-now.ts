import type { EngineAdmin, StoredModel } from './admin-store.ts';
import type { CustomerContext } from './engine.ts';
import { customerContext, emptyState, foldEvents, needsRebuild } from './evaluate-customer.ts';
import { WorkspaceRuntime } from './runtime.ts';

/**
 * A customer's rule context now, read through the admin port (no write unit): their stored features,
 * or rebuilt from their log when those predate the workspace's feature plan (the engine's own rebuild
 * test). For explanations and dry runs. Null when the workspace has no such customer.
 */
export async function contextNow(
  engine: EngineAdmin,
  workspaceId: number,
  customerId: number,
  now: number,
): Promise<(CustomerContext & { runtime: WorkspaceRuntime; active: StoredModel | null }) | null> {
  const [active, record, segments, watchers] = await Promise.all([
    engine.getModel(workspaceId),
    engine.customerRecord(workspaceId, customerId),
    engine.segmentDefinitions(workspaceId),
    engine.watchers(workspaceId),
  ]);
  if (!record) return null;
  // Built as the engine builds it, so that stored features under the same plan are used as they are.
  const runtime = new WorkspaceRuntime(workspaceId, -1, active, segments, watchers);
  const state = record.state ?? emptyState();
  if (needsRebuild(record, runtime.plan)) {
    state.features = new Map();
    const log = await engine.customerLogForDryRun(workspaceId, customerId, runtime.plan);
    foldEvents(runtime.plan, state.features, log, now);
  }
  return { record, state, context: customerContext(record, state, runtime.plan, now), runtime, active };
}
