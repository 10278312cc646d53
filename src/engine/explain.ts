import type { PassedOver } from '../lifecycle/index.ts';
import type { Fact } from '../rules/index.ts';
import type { EngineAdmin } from './admin-store.ts';
import { contextNow } from './context-now.ts';

/** Why a customer is in their stage, in epoch milliseconds: one computation for every caller (API, CLI). */
export type StageExplanation = {
  customerId: number;
  stage: { key: string; name: string; since: number | null } | null;
  modelVersion: number | null;
  evaluatedAt: number;
  /** The conditions of the current stage's rule that hold, with the values that made them hold. */
  why: Fact[];
  /** Each stage the policy tried before the current one, and which of its conditions failed by how much. */
  above: PassedOver[];
  /** When time alone may change a rule outcome next, or null. */
  nextCheck: number | null;
};

/**
 * Explains a customer's stage under the workspace's active model as the engine would decide it now:
 * from their stored features, or rebuilt from their log when those predate the active feature plan
 * (the engine's own rebuild test). Null when the workspace has no such customer.
 */
export async function explainStage(
  engine: EngineAdmin,
  workspaceId: number,
  customerId: number,
  now: number,
): Promise<StageExplanation | null> {
  const found = await contextNow(engine, workspaceId, customerId, now);
  if (!found) return null;
  const { runtime, state, context: ctx, active } = found;
  const explanation = runtime.model?.explain(ctx);
  const stageDef = active?.model.stages.find((s) => s.key === state.stage);
  return {
    customerId,
    stage: state.stage
      ? { key: state.stage, name: stageDef?.name ?? state.stage, since: state.stageSince }
      : null,
    modelVersion: active?.version ?? null,
    evaluatedAt: now,
    why: explanation?.why ?? [],
    above: explanation?.above ?? [],
    nextCheck: runtime.model?.nextChange(ctx) ?? null,
  };
}
