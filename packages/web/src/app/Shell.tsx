import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Me } from '@runnel/api';
import { api } from '../api/client.ts';
import { live } from '../api/live-instance.ts';
import { bindPlayerToBrowser, onNextUpStarted } from '../audio/player.ts';
import { nextUpStarted, startQueueSync } from '../audio/queue-sync.ts';
import { SendHost } from '../features/inbox/SendHost.tsx';
import { loadLocalFiles } from '../features/local/local-files.ts';
import { NowPlaying } from './NowPlaying.tsx';
import { usePath } from './router.ts';
import { Sidebar } from './Sidebar.tsx';
import { TopBar } from './TopBar.tsx';
import { useKeyboardShortcuts } from './use-keyboard-shortcuts.ts';
import { renderView } from './views.tsx';

let bound = false;

/** The signed-in layout: top bar, sidebar, the current view, and the now-playing bar. */
export function Shell({ me }: { me: Me }) {
  const path = usePath();
  const info = useQuery({ queryKey: ['server-info'], queryFn: () => api('GET /server-info') });
  const features = new Set(info.data?.features ?? []);
  useEffect(() => {
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
  const sharedQueue = features.has('player');
  useEffect(() => (sharedQueue ? startQueueSync() : undefined), [sharedQueue]);
  useKeyboardShortcuts();

  return (
    <div className="shell">
      <TopBar me={me} canSearch={features.has('search')} />
      <Sidebar path={path} features={features} />
      <main className="view" id="main" tabIndex={-1}>
        {renderView(path, me, features)}
      </main>
      <NowPlaying />
      {features.has('inbox') && <SendHost />}
    </div>
  );
}
