import type { AnalyticsSettingsOverrides } from '../analytics/index.ts';
import type { IdentitySettings } from '../identity/index.ts';
import type { TouchpointConfig } from '../touchpoints/index.ts';

export type WorkspaceSettings = {
  identity: IdentitySettings;
  /** The workspace's own touchpoint rules, ahead of the defaults. */
  touchpoints?: TouchpointConfig;
  /** The workspace's analytics settings (event names, windows, thresholds), over the defaults. */
  analytics?: AnalyticsSettingsOverrides;
};

export type Workspace = { id: number; name: string; settings: WorkspaceSettings; createdAt: number };

export type KeyKind = 'write' | 'secret';

/** An API key as stored: only its SHA-256 digest and a short prefix to recognise it by, never the key. */
export type ApiKey = {
  id: number;
  workspaceId: number;
  kind: KeyKind;
  name: string;
  prefix: string;
  hash: string;
  createdAt: number;
  revokedAt: number | null;
};

export interface WorkspaceStorage {
  create(name: string, settings: WorkspaceSettings, now: number): Promise<Workspace>;
  get(id: number): Promise<Workspace | null>;
  getByName(name: string): Promise<Workspace | null>;
  list(): Promise<Workspace[]>;
  updateSettings(id: number, settings: WorkspaceSettings): Promise<void>;
}

export interface KeyStorage {
  insert(key: Omit<ApiKey, 'id' | 'revokedAt'>): Promise<ApiKey>;
  /** Every key, or a workspace's. */
  list(workspaceId?: number): Promise<ApiKey[]>;
  findByHash(hash: string): Promise<ApiKey | null>;
  get(id: number): Promise<ApiKey | null>;
  /** Marks the key revoked; false when it was revoked already or never existed. */
  revoke(id: number, at: number): Promise<boolean>;
}
