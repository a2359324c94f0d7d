import { useQuery } from '@tanstack/react-query';
import type { Me, SimplifiedAlbum } from '@runnel/api';
import { api } from '../../api/client.ts';
import { navigate } from '../../app/router.ts';
import { AlbumGrid } from '../catalog/AlbumGrid.tsx';
import { FeedView } from '../feed/FeedView.tsx';
import { PeopleView } from '../people/PeopleView.tsx';
import { TopLists } from './TopLists.tsx';

export type HomeTab = 'new' | 'top' | 'feed' | 'people';
/** Each tab: id, label, path, and the server feature it needs. */
const TABS: [HomeTab, string, string, string | null][] = [['new', "What's new", '/', null], ['top', 'Top lists', '/top', 'discovery'], ['feed', 'Feed', '/feed', 'feed'], ['people', 'People', '/people', 'people']];

/** Home: the What's new | Top lists | Feed | People tabs, each shown once the server has it. */
export function HomeView({ me, tab, features }: { me: Me; tab: HomeTab; features: Set<string> }) {
  const tabs = TABS.filter(([, , , needs]) => needs === null || features.has(needs));
  const title = tabs.find(([id]) => id === tab)?.[1] ?? "What's new";
  return (
    <section aria-labelledby="home-title">
      <div className="tabs" role="tablist" aria-label="Home">
        {tabs.map(([id, label, path]) => (
          <button key={id} role="tab" aria-selected={tab === id} id={`tab-${id}`} onClick={() => navigate(path)}>
            {label}
          </button>
        ))}
      </div>
      <h1 id="home-title">{title}</h1>
      <TabContent me={me} tab={tabs.some(([id]) => id === tab) ? tab : 'new'} />
    </section>
  );
}

function TabContent({ me, tab }: { me: Me; tab: HomeTab }) {
  if (tab === 'top') return <TopLists />;
  if (tab === 'feed') return <FeedView />;
  if (tab === 'people') return <PeopleView />;
  return <WhatsNew me={me} />;
}

/** New albums in the catalogue, newest first. */
function WhatsNew({ me }: { me: Me }) {
  const releases = useQuery({
    queryKey: ['new-releases'],
    queryFn: () => api<{ albums: { items: SimplifiedAlbum[] } }>('/browse/new-releases?limit=50'),
    refetchInterval: (q) => (q.state.data?.albums.items.length ? false : 5000), // the first scan may still be running
  });
  const albums = releases.data?.albums.items ?? [];
  return (
    <>
      {releases.isSuccess && albums.length === 0 && (
        <p className="muted">
          Welcome, {me.display_name}. No music yet: {me.role === 'admin' ? 'add a music folder in Admin, or wait for the first scan to finish.' : 'an administrator adds it.'}
        </p>
      )}
      <AlbumGrid albums={albums} label="New albums" />
    </>
  );
}
