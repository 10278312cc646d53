export { adminApi } from './admin-api.ts';
export { type TempStore, tempStore } from './temp-store.ts';
