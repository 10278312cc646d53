export { customerRoutes, resolveCustomer } from './routes.ts';
export * from './schemas.ts';
export { customerView, eventView } from './views.ts';
