import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from '@runnel/api';
import { api } from '../api/client.ts';
import { live } from '../api/live-instance.ts';
import { bindPlayerToBrowser, onNextUpStarted, setPlan } from '../audio/player.ts';
import { nextUpStarted, startQueueSync } from '../audio/queue-sync.ts';
import { openAsThisDevice, startDevices } from '../devices/sync.ts';
import { SendHost } from '../features/inbox/SendHost.tsx';
import { loadLocalFiles } from '../features/local/local-files.ts';
import { OfflineBanner } from '../features/offline/OfflineBanner.tsx';
import { useOfflineSync } from '../offline/use-offline-sync.ts';
import { fetchSidebar } from '../features/playlists/api.ts';
import { sidebarKey, usePlaylistOrder } from '../features/playlists/order.ts';
import { usePhone } from '../ui/use-phone.ts';
import { AdSlot } from './AdSlot.tsx';
import { MiniPlayer } from './MiniPlayer.tsx';
import { NowPlaying } from './NowPlaying.tsx';
import { usePath } from './router.ts';
import { Sidebar } from './Sidebar.tsx';
import { TabBar } from './TabBar.tsx';
import { TopBar } from './TopBar.tsx';
import { useKeyboardShortcuts } from './use-keyboard-shortcuts.ts';
import { renderView } from './views.tsx';

let bound = false;

/**
 * The signed-in layout: top bar, sidebar, the current view, and the now-playing bar; on a
 * phone, a slimmer top bar, the view, a compact now-playing bar and the tabs.
 */
export function Shell({ me }: { me: Me }) {
  const path = usePath();
  const phone = usePhone();
  const info = useQuery({ queryKey: ['server-info'], queryFn: () => api('GET /server-info') });
  const features = new Set(info.data?.features ?? []);
  useEffect(() => {
    openAsThisDevice();
    live.start();
    onNextUpStarted(nextUpStarted);
    if (!bound) {
      bound = true;
      // Local files first, so a restored queue can still play the ones on this device.
      void loadLocalFiles()
        .catch(() => [])
        .finally(bindPlayerToBrowser);
    }
  }, []);
  const client = useQueryClient();
  const plan = useQuery({ queryKey: ['me-plan'], queryFn: () => api('GET /me/plan'), enabled: features.has('plans') });
  useEffect(() => setPlan(plan.data?.plan ?? null), [plan.data]);
  useOfflineSync(me, plan.data?.plan);
  // An administrator's change of a plan, or of this user's tier, applies in this open player at once.
  useEffect(() => {
    const refresh = () => {
      void client.invalidateQueries({ queryKey: ['me-plan'] });
      void client.invalidateQueries({ queryKey: ['session'] });
    };
    const offs = [live.on('plan.updated', refresh), live.on('user.updated', refresh)];
    return () => offs.forEach((off) => off());
  }, [client]);
  // The sidebar's playlists also fill a row menu's "Add to playlist": on a phone, with no sidebar, keep them loaded here.
  const playlistOrder = usePlaylistOrder();
  useQuery({ queryKey: sidebarKey(playlistOrder), queryFn: () => fetchSidebar(playlistOrder), enabled: phone && features.has('playlists') });
  const sharedQueue = features.has('player');
  useEffect(() => (sharedQueue ? startQueueSync() : undefined), [sharedQueue]);
  const devices = features.has('devices');
  useEffect(() => (devices ? startDevices() : undefined), [devices]);
  useKeyboardShortcuts();

  return (
    <div className="shell">
      <TopBar me={me} canSearch={features.has('search')} phone={phone} />
      {!phone && <Sidebar path={path} features={features} />}
      <main className="view" id="main" tabIndex={-1}>
        <OfflineBanner />
        {renderView(path, me, features, phone)}
      </main>
      <AdSlot />
      {phone ? <MiniPlayer /> : <NowPlaying />}
      {phone && <TabBar path={path} canSearch={features.has('search')} />}
      {features.has('inbox') && <SendHost />}
    </div>
  );
}
