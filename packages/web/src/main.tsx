import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './app/App.tsx';
import { registerServiceWorker } from './offline/register.ts';
import './app/styles.css';
import './app/phone.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Not found, signed out and offline (status 0) are answers; retrying them only delays the view.
      retry: (count, error) => count < 2 && ![0, 401, 404].includes((error as { status?: number }).status ?? -1),
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);

registerServiceWorker();
