import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Me, Plan } from '@runnel/api';
import { api } from '../api/client.ts';
import { live } from '../api/live-instance.ts';
import { refreshAvailable, removeEverything } from './available.ts';
import { isOnline, onReconnect } from './connection.ts';
import { itemUri, loadOfflineState, offlineState } from './store.ts';
import { claimOffline, expireUnconfirmed, syncOffline } from './sync.ts';

/** Playlists changed online, brought up to date together a moment later (an edit often comes in several changes). */
const changed = new Set<string>();
let following: ReturnType<typeof setTimeout> | undefined;
function followLater(uri: string) {
  changed.add(uri);
  following ??= setTimeout(() => {
    following = undefined;
    const uris = [...changed];
    changed.clear();
    void (async () => {
      for (const u of uris) await refreshAvailable(u);
    })();
  }, 1000);
}

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
      // The shell's query: one request for both.
      const info = await client.fetchQuery({ queryKey: ['server-info'], queryFn: () => api('GET /server-info'), staleTime: 60_000 }).catch(() => null);
      if (info && isOnline()) await claimOffline(info.server_id, me.id);
      await syncOffline();
    })();
    const offReconnect = onReconnect(() => {
      live.reconnectNow();
      void syncOffline().then(() => client.invalidateQueries());
    });
    // A playlist kept offline follows its changes while online too: adds stored, removals freed.
    const offChanged = live.on('playlist.changed', (m) => {
      const uri = itemUri('playlist', String((m.data as { id?: string }).id));
      if (offlineState().items.has(uri)) followLater(uri);
    });
    return () => {
      offReconnect();
      offChanged();
    };
  }, [client, me.id]);
  useEffect(() => {
    if (plan && !plan.offline && offlineState().items.size) void removeEverything();
  }, [plan]);
}
