import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';

/**
 * Whether your plan gives a right (downloads, offline listening; undefined while it loads),
 * and the name of the plan that does. Reads `['me-plan']`, the query the shell refreshes
 * when a plan or your tier changes, so the buttons follow an upgrade or a downgrade at once.
 */
export function usePlanRight(right: 'downloads' | 'offline'): { allowed: boolean | undefined; premium: string } {
  const mine = useQuery({ queryKey: ['me-plan'], queryFn: () => api('GET /me/plan') });
  const plans = useQuery({ queryKey: ['plans'], queryFn: () => api('GET /plans'), enabled: mine.data?.plan[right] === false });
  const premium = plans.data?.plans.find((plan) => plan.id === 'premium')?.name ?? 'Premium';
  return { allowed: mine.data?.plan[right], premium };
}
