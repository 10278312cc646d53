export { KeyAuthenticator } from './authenticator.ts';
export { createKey, generateKey, hashKey, keyPrefix, rotateKey } from './keys.ts';
export { withDefaults } from './settings.ts';
export type {
  ApiKey,
  KeyKind,
  KeyStorage,
  Workspace,
  WorkspaceSettings,
  WorkspaceStorage,
} from './types.ts';
