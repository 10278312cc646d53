export { adminApi } from './admin-api.ts';
export { signedIn, TEST_ORIGIN } from './sessions.ts';
export { type TempStore, tempStore } from './temp-store.ts';
