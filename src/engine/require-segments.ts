import { AppError } from '../core/index.ts';
import { compileModel, type LifecycleModel } from '../lifecycle/index.ts';
import type { EngineAdmin } from './admin-store.ts';

/** Refuses a model whose rules name segments the workspace does not have (they would never hold). */
export async function requireSegments(
  engine: Pick<EngineAdmin, 'segmentDefinitions'>,
  workspaceId: number,
  model: LifecycleModel,
): Promise<void> {
  const known = new Set((await engine.segmentDefinitions(workspaceId)).map((s) => s.key));
  const missing = [...new Set(compileModel(model).reads.segments)].filter((key) => !known.has(key));
  if (missing.length > 0) {
    throw new AppError(
      'bad_request',
      `the model uses segments that do not exist: ${missing.map((k) => `"${k}"`).join(', ')}`,
    );
  }
}
