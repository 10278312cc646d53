export { resolveCustomer } from './resolve-customer.ts';
export * from './schemas.ts';
export type {
  Customer,
  CustomerQuery,
  CustomerStorage,
  EventQuery,
  Identity,
  Merge,
  StoredEvent,
} from './types.ts';
export { customerView, eventView, identityView, mergeView } from './views.ts';
