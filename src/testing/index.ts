export { type TempStore, tempStore } from './temp-store.ts';
