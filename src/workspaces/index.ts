export { KeyAuthenticator } from './authenticator.ts';
// The shapes the API validates with (the contract re-exports them by name).
export * from './key-schemas.ts';
export { createKey, hashKey, type KeySources, rotateKey } from './keys.ts';
export { withDefaults } from './settings.ts';
export type { ApiKey, KeyKind, KeyStorage, Workspace, WorkspaceSettings, WorkspaceStorage } from './types.ts';
