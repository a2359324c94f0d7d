import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Me, Plan } from '@runnel/api';
import { api } from '../api/client.ts';
import { removeEverything } from './available.ts';
import { isOnline, onReconnect } from './connection.ts';
import { loadOfflineState, offlineState } from './store.ts';
import { claimOffline, expireUnconfirmed, syncOffline } from './sync.ts';

/**
 * The shell's side of offline: at start, content unconfirmed for 30 days goes; online, the
 * store is claimed for this user of this server and synced; at every reconnect it is synced
 * again and the views refresh; a plan that loses the offline right (live) removes it all.
 */
export function useOfflineSync(me: Me, plan: Plan | undefined) {
  const client = useQueryClient();
  useEffect(() => {
    void (async () => {
      await loadOfflineState();
      await expireUnconfirmed();
      if (!isOnline()) return;
      const info = await api('GET /server-info').catch(() => null);
      if (info && isOnline()) await claimOffline(info.server_id, me.id);
      await syncOffline();
    })();
    return onReconnect(() => void syncOffline().then(() => client.invalidateQueries()));
  }, [client, me.id]);
  useEffect(() => {
    if (plan && !plan.offline && offlineState().items.size) void removeEverything();
  }, [plan]);
}
