import { AppError, type Clock } from '../core/index.ts';
import { DEFAULT_IDENTITY_SETTINGS } from '../identity/index.ts';
import { loadPreset } from '../lifecycle/index.ts';
import type { Store } from '../storage/index.ts';
import type { Workspace } from '../workspaces/index.ts';
import { createKey, hashKey } from '../workspaces/index.ts';

export const DEFAULT_WORKSPACE = 'default';
/** The lifecycle model a new default workspace starts with. */
export const DEFAULT_PRESET = 'clm-5';

export type Bootstrap = {
  workspace: Workspace;
  /** Keys created by this start, in the clear: printed once, never stored. */
  created: { kind: 'write' | 'secret'; key: string }[];
};

/**
 * Makes sure the default workspace exists with a write key and a secret key. Keys given in the
 * environment are registered (hashed) if they are not yet; otherwise keys are generated on first start.
 */
export async function ensureDefaultWorkspace(
  store: Store,
  clock: Clock,
  seed: { writeKey?: string; secretKey?: string },
): Promise<Bootstrap> {
  const now = clock.now();
  let workspace = await store.workspaces.getByName(DEFAULT_WORKSPACE);
  const isNew = !workspace;
  workspace ??= await store.workspaces.create(
    DEFAULT_WORKSPACE,
    { identity: DEFAULT_IDENTITY_SETTINGS },
    now,
  );
  const created: Bootstrap['created'] = [];
  for (const [kind, value] of [
    ['write', seed.writeKey],
    ['secret', seed.secretKey],
  ] as const) {
    if (value) {
      const existing = await store.keys.findByHash(hashKey(value));
      if (!existing) {
        await createKey(store, { workspaceId: workspace.id, kind, name: 'from environment', value, now });
      } else if (
        existing.kind !== kind ||
        existing.workspaceId !== workspace.id ||
        existing.revokedAt !== null
      ) {
        // Starting anyway would leave a server whose configured key silently does not work.
        const setting = kind === 'write' ? 'LOOPLINE_WRITE_KEY' : 'LOOPLINE_SECRET_KEY';
        const why =
          existing.revokedAt !== null
            ? 'was revoked'
            : existing.kind !== kind
              ? `is registered as a ${existing.kind} key`
              : 'belongs to another workspace';
        throw new AppError('conflict', `${setting} ${why}; set another key or unset it`);
      }
    } else if (isNew) {
      const { key } = await createKey(store, { workspaceId: workspace.id, kind, name: 'default', now });
      created.push({ kind, key });
    }
  }
  if (isNew && !(await store.engine.getModel(workspace.id))) {
    // A new workspace places customers in stages from its first event: the classic five-stage model,
    // which `loopline lifecycle apply` or PUT /api/v1/lifecycle replaces.
    await store.engine.publishModel(workspace.id, loadPreset(DEFAULT_PRESET), now);
  }
  return { workspace, created };
}
