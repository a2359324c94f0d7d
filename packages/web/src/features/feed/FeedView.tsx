import { useQuery } from '@tanstack/react-query';
import type { FeedItem } from '@runnel/api';
import { api } from '../../api/client.ts';
import { navigate } from '../../app/router.ts';
import { itemArt, openItem, type ItemObject } from '../../tracks/open-item.ts';
import { ago } from '../../ui/format.ts';
import { useT } from '../../i18n/use-t.ts';

/** Feed: what the people you follow played, starred, saved, and added to or made as public playlists. */
export function FeedView() {
  const t = useT();
  const feed = useQuery({ queryKey: ['feed'], queryFn: () => api('GET /me/feed', { query: { limit: 50 } }), staleTime: 0, refetchInterval: 30_000 });
  if (!feed.data)
    return (
      <p className="muted" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  if (!feed.data.items.length) return <p className="muted">{t('feed.empty')}</p>;
  return (
    <ul className="feed" aria-label={t('home.feed')}>
      {feed.data.items.map((item) => (
        <Entry key={item.id} item={item} />
      ))}
    </ul>
  );
}

function Entry({ item }: { item: FeedItem }) {
  const t = useT();
  const thing = item.item as ItemObject;
  const target = item.target as ItemObject | null;
  const kind = item.kind === 'saved_album' ? 'album' : item.kind === 'created' ? 'playlist' : 'track';
  const art = itemArt(thing, 64);
  const go = (path: string) => (e: React.MouseEvent) => {
    e.preventDefault();
    navigate(path);
  };
  // The sentence is the catalogue's (its order differs by language); the names in it are links.
  const who = (
    <a href={`/user/${item.user.id}`} onClick={go(`/user/${item.user.id}`)} className="person-name">
      {item.user.display_name}
    </a>
  );
  const what = (
    <>
      <strong>{thing.name}</strong>
      {thing.artists?.length ? <span className="muted"> {t('common.byArtists', { artists: thing.artists.map((a) => a.name).join(', ') })}</span> : null}
    </>
  );
  const where = target ? (
    <a href={`/playlist/${target.id}`} onClick={go(`/playlist/${target.id}`)}>
      {target.name}
    </a>
  ) : (
    ''
  );
  return (
    <li>
      <button className="feed-art" onClick={() => openItem(kind, thing)} aria-label={t('feed.open', { kind, name: thing.name ?? '' })}>
        {art ? <img src={art} alt="" width={40} height={40} /> : <span className="art-placeholder small" aria-hidden="true" />}
      </button>
      <p>
        {t.rich('feed.entry', { kind: item.kind, user: who, what, count: item.count ?? 1, where })}
        <span className="muted"> · {ago(t.intl, item.at)}</span>
      </p>
    </li>
  );
}
