import { useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from '@runnel/api';
import { api } from '../api/client.ts';
import { bindPlayerToBrowser, forgetPlayer, onNextUpStarted, player } from '../audio/player.ts';
import { nextUpStarted, startQueueSync } from '../audio/queue-sync.ts';
import { AdminView } from '../features/admin/AdminView.tsx';
import { AlbumView } from '../features/catalog/AlbumView.tsx';
import { SearchView } from '../features/search/SearchView.tsx';
import { LibraryView } from '../features/library/LibraryView.tsx';
import { StarredView } from '../features/library/StarredView.tsx';
import { PlaylistView } from '../features/playlists/PlaylistView.tsx';
import { live } from '../api/live-instance.ts';
import { ArtistView } from '../features/catalog/ArtistView.tsx';
import { TrackView } from '../features/catalog/TrackView.tsx';
import { UserView } from '../features/people/UserView.tsx';
import { HomeView } from '../features/home/HomeView.tsx';
import { InboxView } from '../features/inbox/InboxView.tsx';
import { RadioView } from '../features/radio/RadioView.tsx';
import { SendHost } from '../features/inbox/SendHost.tsx';
import { loadLocalFiles } from '../features/local/local-files.ts';
import { LocalFilesView } from '../features/local/LocalFilesView.tsx';
import { QueueView } from '../features/queue/QueueView.tsx';
import { SettingsView } from '../features/settings/SettingsView.tsx';
import { Icon } from '../ui/icons.tsx';
import { NowPlaying } from './NowPlaying.tsx';
import { match, navigate, usePath } from './router.ts';
import { Sidebar } from './Sidebar.tsx';

export interface ServerInfo {
  version: string;
  features: string[];
}

let bound = false;

/** The signed-in layout: top bar, sidebar, the current view, and the now-playing bar. */
export function Shell({ me }: { me: Me }) {
  const path = usePath();
  const info = useQuery({ queryKey: ['server-info'], queryFn: () => api<ServerInfo>('/server-info') });
  const features = new Set(info.data?.features ?? []);
  useEffect(() => {
    live.start();
    onNextUpStarted(nextUpStarted);
    if (!bound) {
      bound = true;
      // Local files first, so a restored queue can still play the ones on this device.
      void loadLocalFiles().catch(() => []).finally(bindPlayerToBrowser);
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

function renderView(path: string, me: Me, features: Set<string>) {
  if (path === '/' || path === '/home') return <HomeView me={me} tab="new" features={features} />;
  if (path === '/top') return <HomeView me={me} tab="top" features={features} />;
  if (path === '/people') return <HomeView me={me} tab="people" features={features} />;
  if (path === '/feed') return <HomeView me={me} tab="feed" features={features} />;
  if (path === '/inbox' && features.has('inbox')) return <InboxView />;
  if (path === '/radio' && features.has('radio')) return <RadioView />;
  if (path === '/queue') return <QueueView serverHistory={features.has('player')} />;
  if (path === '/local') return <LocalFilesView />;
  if (path === '/settings') return <SettingsView me={me} social={features.has('feed')} />;
  if (path === '/admin' && me.role === 'admin') return <AdminView me={me} />;
  if (path === '/starred') return <StarredView />;
  if (path === '/library') return <LibraryView />;
  const playlist = match('/playlist/:id', path);
  if (playlist) return <PlaylistView id={playlist.id!} me={me.id} />;
  const album = match('/album/:id', path);
  if (album) return <AlbumView id={album.id!} />;
  const user = match('/user/:id', path);
  if (user) return <UserView id={user.id!} me={me} />;
  const track = match('/track/:id', path);
  if (track) return <TrackView id={track.id!} />;
  const artist = match('/artist/:id', path);
  if (artist) return <ArtistView id={artist.id!} />;
  const search = match('/search/:q', path);
  if (search) return <SearchView q={search.q!} />;
  return (
    <section>
      <h1>Not found</h1>
      <p className="muted">There is nothing at {path}.</p>
      <button onClick={() => navigate('/')}>Go home</button>
    </section>
  );
}

function TopBar({ me, canSearch }: { me: Me; canSearch: boolean }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => !menu.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  async function signOut() {
    forgetPlayer();
    live.stop();
    await api('/auth/logout', { method: 'POST' }).catch(() => {});
    navigate('/', { replace: true });
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    client.setQueryData(['session'], { me: null, needsSetup: false });
  }

  return (
    <header className="topbar">
      <div className="nav-buttons">
        <button className="icon round" aria-label="Back" onClick={() => history.back()}>
          <Icon name="back" />
        </button>
        <button className="icon round" aria-label="Forward" onClick={() => history.forward()}>
          <Icon name="forward" />
        </button>
      </div>
      {canSearch && (
        <form className="search" role="search" onSubmit={(e) => e.preventDefault()}>
          <Icon name="search" size={18} />
          <input
            id="search-box"
            type="search"
            placeholder="Search"
            aria-label="Search"
            onChange={(e) => navigate(e.target.value ? `/search/${encodeURIComponent(e.target.value)}` : '/', { replace: location.pathname.startsWith('/search/') })}
          />
        </form>
      )}
      <div className="user-menu" ref={menu}>
        <button className="user-button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
          <Icon name="user" size={18} /> {me.display_name}
          {me.product === 'premium' && <span className="tag">Premium</span>}
        </button>
        {open && (
          <div className="menu" role="menu">
            <button role="menuitem" onClick={() => { setOpen(false); navigate('/settings'); }}>Settings</button>
            {me.role === 'admin' && <button role="menuitem" onClick={() => { setOpen(false); navigate('/admin'); }}>Admin</button>}
            <button role="menuitem" onClick={() => void signOut()}>Sign out</button>
          </div>
        )}
      </div>
    </header>
  );
}

/** Space plays/pauses, arrows seek (←/→) and skip (Shift+←/→), `/` focuses search. */
function useKeyboardShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (target.closest('input, textarea, select, [contenteditable="true"]') || e.ctrlKey || e.metaKey || e.altKey) return;
      const s = player.getSnapshot();
      if (e.key === ' ' && !target.closest('button, [role="row"]')) {
        e.preventDefault();
        void player.toggle();
      } else if (e.key === '/') {
        e.preventDefault();
        document.getElementById('search-box')?.focus();
      } else if (e.key === 'ArrowRight') {
        if (e.shiftKey) void player.next();
        else player.seek(s.position + 5);
      } else if (e.key === 'ArrowLeft') {
        if (e.shiftKey) void player.previous();
        else player.seek(s.position - 5);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
