import { DEFAULT_IDENTITY_SETTINGS } from '../identity/index.ts';
import type { WorkspaceSettings } from './types.ts';

/** Fills in defaults for settings a workspace has not set (older rows, partial updates). */
export function withDefaults(settings: Partial<WorkspaceSettings> | undefined): WorkspaceSettings {
  const identity = { ...DEFAULT_IDENTITY_SETTINGS, ...settings?.identity };
  return {
    identity,
    ...(settings?.touchpoints ? { touchpoints: settings.touchpoints } : {}),
    ...(settings?.analytics ? { analytics: settings.analytics } : {}),
  };
}
