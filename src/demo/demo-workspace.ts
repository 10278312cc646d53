import type { AnalyticsSettingsOverrides } from '../analytics/index.ts';
import { AppError } from '../core/index.ts';
import { DEFAULT_IDENTITY_SETTINGS } from '../identity/index.ts';
import { loadPreset, type PresetName } from '../lifecycle/index.ts';
import type { Store } from '../storage/index.ts';
import type { Workspace } from '../workspaces/index.ts';
import { createKey } from '../workspaces/index.ts';

export type DemoWorkspace = { workspace: Workspace; writeKey: string; secretKey: string };

/**
 * A new workspace for the demo with its write and secret keys (returned once, in the clear; the store
 * keeps their digests), the stage preset as its lifecycle model and the business's analytics settings. An existing workspace of that name
 * is never touched: loading a second history into it would mix two businesses.
 */
export async function createDemoWorkspace(
  store: Store,
  o: { name: string; preset: PresetName; at: number; analytics?: AnalyticsSettingsOverrides },
): Promise<DemoWorkspace> {
  if (await store.workspaces.getByName(o.name)) {
    throw new AppError('conflict', `workspace "${o.name}" exists`);
  }
  const workspace = await store.workspaces.create(
    o.name,
    { identity: DEFAULT_IDENTITY_SETTINGS, ...(o.analytics ? { analytics: o.analytics } : {}) },
    o.at,
  );
  const write = await createKey(store, { workspaceId: workspace.id, kind: 'write', name: 'demo', now: o.at });
  const secret = await createKey(store, {
    workspaceId: workspace.id,
    kind: 'secret',
    name: 'demo',
    now: o.at,
  });
  await store.engine.publishModel(workspace.id, loadPreset(o.preset), o.at);
  return { workspace, writeKey: write.key, secretKey: secret.key };
}
