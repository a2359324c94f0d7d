import { useQuery } from '@tanstack/react-query';
import type { Me } from '@runnel/api';
import { api } from '../../api/client.ts';
import { navigate } from '../../app/router.ts';
import { AlbumGrid } from '../catalog/AlbumGrid.tsx';
import { LinkChips } from '../../ui/LinkChips.tsx';
import { FeedView } from '../feed/FeedView.tsx';
import { PeopleView } from '../people/PeopleView.tsx';
import { TopLists } from './TopLists.tsx';
import type { MessageKey } from '../../i18n/languages.ts';
import { useT } from '../../i18n/use-t.ts';

export type HomeTab = 'new' | 'top' | 'feed' | 'people';
/** Each tab: id, label, path, and the server feature it needs. */
const TABS: [HomeTab, MessageKey, string, string | null][] = [
  ['new', 'home.whatsNew', '/', null],
  ['top', 'home.topLists', '/top', 'discovery'],
  ['feed', 'home.feed', '/feed', 'feed'],
  ['people', 'home.people', '/people', 'people'],
];

/** Home: the What's new | Top lists | Feed | People tabs, each shown once the server has it. */
export function HomeView({ me, tab, features }: { me: Me; tab: HomeTab; features: Set<string> }) {
  const t = useT();
  const tabs = TABS.filter(([, , , needs]) => needs === null || features.has(needs));
  const title = t(tabs.find(([id]) => id === tab)?.[1] ?? 'home.whatsNew');
  return (
    <section aria-labelledby="home-title">
      <div className="tabs" role="tablist" aria-label={t('nav.home')}>
        {tabs.map(([id, label, path]) => (
          <button key={id} role="tab" aria-selected={tab === id} id={`tab-${id}`} onClick={() => navigate(path)}>
            {t(label)}
          </button>
        ))}
      </div>
      <h1 id="home-title">{title}</h1>
      <TabContent me={me} tab={tabs.some(([id]) => id === tab) ? tab : 'new'} features={features} />
    </section>
  );
}

function TabContent({ me, tab, features }: { me: Me; tab: HomeTab; features: Set<string> }) {
  if (tab === 'top') return <TopLists />;
  if (tab === 'feed') return <FeedView />;
  if (tab === 'people') return <PeopleView />;
  return <WhatsNew me={me} social={features.has('feed')} />;
}

/** New albums in the catalogue, newest first, and the playlists the people you follow made lately. */
function WhatsNew({ me, social }: { me: Me; social: boolean }) {
  const t = useT();
  const feed = useQuery({ queryKey: ['feed'], queryFn: () => api('GET /me/feed', { query: { limit: 50 } }), enabled: social });
  const made = (feed.data?.items ?? []).filter((i) => i.kind === 'created').slice(0, 8);
  const releases = useQuery({
    queryKey: ['new-releases'],
    queryFn: () => api('GET /browse/new-releases', { query: { limit: 50 } }),
    refetchInterval: (q) => (q.state.data?.albums.items.length ? false : 5000), // the first scan may still be running
  });
  const albums = releases.data?.albums.items ?? [];
  return (
    <>
      {releases.isSuccess && albums.length === 0 && (
        <p className="muted">{t('home.noMusicYet', { name: me.display_name, admin: me.role === 'admin' ? 'yes' : 'no' })}</p>
      )}
      {made.length > 0 && (
        <>
          <h2>{t('home.newPlaylists')}</h2>
          <LinkChips
            label={t('home.newPlaylists')}
            chips={made.map((i) => ({
              id: i.id,
              path: `/playlist/${String(i.item.id)}`,
              text: String((i.item as { name?: string }).name ?? ''),
              detail: t('common.byUser', { name: i.user.display_name ?? t('common.someone') }),
            }))}
          />
          <h2>{t('home.newAlbums')}</h2>
        </>
      )}
      <AlbumGrid albums={albums} label={t('home.newAlbums')} />
    </>
  );
}
