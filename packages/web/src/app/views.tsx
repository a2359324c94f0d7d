import { lazy, Suspense, type ReactNode } from 'react';
import type { Me } from '@runnel/api';
import { AlbumView } from '../features/catalog/AlbumView.tsx';
import { ArtistView } from '../features/catalog/ArtistView.tsx';
import { TrackView } from '../features/catalog/TrackView.tsx';
import { DownloadsView } from '../features/downloads/DownloadsView.tsx';
import { HomeView } from '../features/home/HomeView.tsx';
import { InboxView } from '../features/inbox/InboxView.tsx';
import { LibraryView } from '../features/library/LibraryView.tsx';
import { StarredView } from '../features/library/StarredView.tsx';
import { LocalFilesView } from '../features/local/LocalFilesView.tsx';
import { LyricsView } from '../features/lyrics/LyricsView.tsx';
import { OfflineView } from '../features/offline/OfflineView.tsx';
import { UserView } from '../features/people/UserView.tsx';
import { PlaylistView } from '../features/playlists/PlaylistView.tsx';
import { QueueView } from '../features/queue/QueueView.tsx';
import { RadioView } from '../features/radio/RadioView.tsx';
import { SearchPage } from '../features/search/SearchPage.tsx';
import { SettingsView } from '../features/settings/SettingsView.tsx';
import { useT } from '../i18n/use-t.ts';
import { match, navigate } from './router.ts';
import { Sidebar } from './Sidebar.tsx';

// Views few listeners open, loaded when first opened (the service worker keeps them offline too),
// so the player everyone loads first stays small.
const AdminView = lazy(() => import('../features/admin/AdminView.tsx').then((m) => ({ default: m.AdminView })));
const HistoryView = lazy(() => import('../features/history/HistoryView.tsx').then((m) => ({ default: m.HistoryView })));
const SummaryView = lazy(() => import('../features/history/SummaryView.tsx').then((m) => ({ default: m.SummaryView })));
const SmartPlaylistEditor = lazy(() => import('../features/smart-playlists/SmartPlaylistEditor.tsx').then((m) => ({ default: m.SmartPlaylistEditor })));
const later = (view: ReactNode) => <Suspense fallback={null}>{view}</Suspense>;

/**
 * The view for a path (`/album/ID`, `/search/kate`, …); features this server lacks have none.
 * `phone`: the phone layout, where Search has its own box and Library heads the sidebar's list.
 */
export function renderView(path: string, me: Me, features: Set<string>, phone = false) {
  if (path === '/' || path === '/home') return <HomeView me={me} tab="new" features={features} />;
  if (path === '/top') return <HomeView me={me} tab="top" features={features} />;
  if (path === '/people') return <HomeView me={me} tab="people" features={features} />;
  if (path === '/feed') return <HomeView me={me} tab="feed" features={features} />;
  if (path === '/inbox' && features.has('inbox')) return <InboxView />;
  if (path === '/radio' && features.has('radio')) return <RadioView />;
  if (path === '/queue') return <QueueView serverHistory={features.has('player')} />;
  if (path === '/history' && features.has('history')) return later(<HistoryView />);
  const summary = features.has('history') ? match('/summary/:year', path) : null;
  if (summary && /^\d{4}$/.test(summary.year!)) return later(<SummaryView year={Number(summary.year)} />);
  if (path === '/lyrics') return <LyricsView />;
  if (path === '/local') return <LocalFilesView />;
  if (path === '/settings') return <SettingsView me={me} social={features.has('feed')} />;
  if (path === '/admin' && me.role === 'admin') return later(<AdminView me={me} />);
  if (path === '/starred') return <StarredView />;
  if (path === '/library') return <LibraryView>{phone && <Sidebar path={path} features={features} inLibrary />}</LibraryView>;
  if (path === '/downloads' && features.has('downloads')) return <DownloadsView />;
  if (path === '/offline') return <OfflineView />;
  if (path === '/smart/new' && features.has('playlists')) return later(<SmartPlaylistEditor />);
  const smart = match('/smart/:id', path);
  if (smart && features.has('playlists')) return later(<SmartPlaylistEditor key={smart.id} id={smart.id!} />);
  const playlist = match('/playlist/:id', path);
  if (playlist) return <PlaylistView id={playlist.id!} me={me.id} downloads={features.has('downloads')} />;
  const album = match('/album/:id', path);
  if (album) return <AlbumView id={album.id!} downloads={features.has('downloads')} />;
  const user = match('/user/:id', path);
  if (user) return <UserView id={user.id!} me={me} />;
  const track = match('/track/:id', path);
  if (track) return <TrackView id={track.id!} />;
  const artist = match('/artist/:id', path);
  if (artist) return <ArtistView id={artist.id!} />;
  const search = path === '/search' ? { q: '' } : match('/search/:q', path);
  if (search) return <SearchPage q={search.q!} box={phone} />;
  return <NotFound path={path} />;
}

function NotFound({ path }: { path: string }) {
  const t = useT();
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <p className="muted">{t('notFound.nothingAt', { path })}</p>
      <button onClick={() => navigate('/')}>{t('notFound.goHome')}</button>
    </section>
  );
}
