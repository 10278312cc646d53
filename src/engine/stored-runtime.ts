import type { EngineAdmin } from './admin-store.ts';
import { WorkspaceRuntime } from './runtime.ts';

/**
 * The workspace's configuration as the engine compiles it (the active model, the segments and the
 * watched rules), read through the admin port: for dry runs and explanations outside an engine step,
 * under the same feature plan as the engine's, so stored features are used as they are.
 */
export async function storedRuntime(engine: EngineAdmin, workspaceId: number): Promise<WorkspaceRuntime> {
  const [active, segments, watchers] = await Promise.all([
    engine.getModel(workspaceId),
    engine.segmentDefinitions(workspaceId),
    engine.watchers(workspaceId),
  ]);
  return new WorkspaceRuntime(workspaceId, -1, active, segments, watchers);
}
