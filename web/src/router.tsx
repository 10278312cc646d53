import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, redirect } from '@tanstack/react-router';
import { Layout } from './components/layout.tsx';
import { CustomerPage } from './pages/customer.tsx';
import { CustomersPage } from './pages/customers.tsx';
import { JourneyMapPage } from './pages/journey-map.tsx';
import { OverviewPage } from './pages/overview.tsx';
import { SegmentPage, SegmentsPage } from './pages/segments.tsx';
import { SettingsPage } from './pages/settings.tsx';
import { SetupPage } from './pages/setup.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { meQuery } from './session.ts';

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const oneOf = <T extends string>(v: unknown, values: readonly T[]): T | undefined =>
  values.includes(v as T) ? (v as T) : undefined;

const root = createRootRouteWithContext<{ queryClient: QueryClient }>()({});

const signIn = createRoute({
  getParentRoute: () => root,
  path: '/sign-in',
  validateSearch: (s: Record<string, unknown>): { redirect?: string } => ({ redirect: text(s.redirect) }),
  component: SignInPage,
});

const setup = createRoute({
  getParentRoute: () => root,
  path: '/setup',
  validateSearch: (s: Record<string, unknown>): { token?: string } => ({ token: text(s.token) }),
  component: SetupPage,
});

/** Every page below needs a session: without one, sign in first and come back. */
const app = createRoute({
  getParentRoute: () => root,
  id: 'app',
  component: Layout,
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!me) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
  },
});

export const RANGES = ['7d', '30d', '90d', '365d'] as const;
export const UNITS = ['day', 'week', 'month'] as const;

export const overviewRoute = createRoute({
  getParentRoute: () => app,
  path: '/',
  validateSearch: (
    s: Record<string, unknown>,
  ): { range?: (typeof RANGES)[number]; unit?: (typeof UNITS)[number] } => ({
    range: oneOf(s.range, RANGES),
    unit: oneOf(s.unit, UNITS),
  }),
  component: OverviewPage,
});

export const journeyMapRoute = createRoute({
  getParentRoute: () => app,
  path: '/journey',
  validateSearch: (s: Record<string, unknown>): { range?: (typeof RANGES)[number] } => ({
    range: oneOf(s.range, RANGES),
  }),
  component: JourneyMapPage,
});

export const SEARCH_BY = ['userId', 'email', 'trait'] as const;

export const customersRoute = createRoute({
  getParentRoute: () => app,
  path: '/customers',
  validateSearch: (
    s: Record<string, unknown>,
  ): { q?: string; by?: (typeof SEARCH_BY)[number]; stage?: string; segment?: string } => ({
    q: text(s.q),
    by: oneOf(s.by, SEARCH_BY),
    stage: text(s.stage),
    segment: text(s.segment),
  }),
  component: CustomersPage,
});

export const customerRoute = createRoute({
  getParentRoute: () => app,
  path: '/customers/$id',
  component: CustomerPage,
});

export const segmentsRoute = createRoute({
  getParentRoute: () => app,
  path: '/segments',
  component: SegmentsPage,
});

export const segmentRoute = createRoute({
  getParentRoute: () => app,
  path: '/segments/$key',
  component: SegmentPage,
});

export const SETTINGS_TABS = ['workspace', 'keys', 'users'] as const;

export const settingsRoute = createRoute({
  getParentRoute: () => app,
  path: '/settings',
  validateSearch: (s: Record<string, unknown>): { tab?: (typeof SETTINGS_TABS)[number] } => ({
    tab: oneOf(s.tab, SETTINGS_TABS),
  }),
  component: SettingsPage,
});

const tree = root.addChildren([
  signIn,
  setup,
  app.addChildren([
    overviewRoute,
    journeyMapRoute,
    customersRoute,
    customerRoute,
    segmentsRoute,
    segmentRoute,
    settingsRoute,
  ]),
]);

export function makeRouter(queryClient: QueryClient) {
  return createRouter({ routeTree: tree, context: { queryClient }, defaultPreload: 'intent' });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
