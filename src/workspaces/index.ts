export { KeyAuthenticator } from './authenticator.ts';
export { createKey, hashKey, type KeySources, rotateKey } from './keys.ts';
export { withDefaults } from './settings.ts';
export type { ApiKey, KeyKind, KeyStorage, Workspace, WorkspaceSettings, WorkspaceStorage } from './types.ts';
