import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api.ts';
import { makeRouter } from './router.tsx';
import './styles.css';

const queryClient = new QueryClient({
  queryCache: new QueryCache({
    // A session that expired or was ended elsewhere: sign in again, then come back here.
    onError: (error) => {
      if (!(error instanceof ApiError) || error.status !== 401 || location.pathname === '/sign-in') return;
      queryClient.setQueryData(['me'], null);
      router.navigate({ to: '/sign-in', search: { redirect: location.pathname + location.search } });
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A refused request (bad input, no permission) will not change on retry; a network blip may.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});
const router = makeRouter(queryClient);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
