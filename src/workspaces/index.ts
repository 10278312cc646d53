export { KeyAuthenticator } from './authenticator.ts';
export { type Bootstrap, DEFAULT_WORKSPACE, ensureDefaultWorkspace } from './bootstrap.ts';
export { createKey, generateKey, hashKey, keyPrefix, rotateKey } from './keys.ts';
