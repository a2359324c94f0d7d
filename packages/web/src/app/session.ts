import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Me } from '@runnel/api';
import { api, ApiError, onSignedOut } from '../api/client.ts';

/** The signed-in user, or null when signed out; `needsSetup` on a brand-new server. */
export function useSession() {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ['session'],
    queryFn: async (): Promise<{ me: Me | null; needsSetup: boolean }> => {
      try {
        return { me: await api('GET /me'), needsSetup: false };
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 401) throw error;
        const { needs_setup } = await api('GET /auth/setup');
        return { me: null, needsSetup: needs_setup };
      }
    },
    staleTime: Infinity,
  });
  useEffect(() => onSignedOut(() => client.invalidateQueries({ queryKey: ['session'] })), [client]);
  return query;
}
