import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

/**
 * Whether your plan lets you download (undefined while it loads), and the name of the plan
 * that does. Reads `['me-plan']`, the query the shell refreshes when a plan or your tier
 * changes, so a Download button follows an upgrade at once.
 */
export function useDownloadRight(): { allowed: boolean | undefined; premium: string } {
  const mine = useQuery({ queryKey: ['me-plan'], queryFn: () => api('GET /me/plan') });
  const plans = useQuery({ queryKey: ['plans'], queryFn: () => api('GET /plans'), enabled: mine.data?.plan.downloads === false });
  const premium = plans.data?.plans.find((plan) => plan.id === 'premium')?.name ?? 'Premium';
  return { allowed: mine.data?.plan.downloads, premium };
}

/** Where your Downloads list is cached; a download's link makes it stale. */
export const DOWNLOADS_KEY = ['downloads'];
