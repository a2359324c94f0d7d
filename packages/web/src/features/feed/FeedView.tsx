import { useQuery } from '@tanstack/react-query';
import type { FeedItem } from '@runnel/api';
import { api } from '../../api/client.ts';
import { navigate } from '../../app/router.ts';
import { itemArt, openItem, type ItemObject } from '../../tracks/open-item.ts';
import { ago } from '../../ui/format.ts';

const VERB: Record<FeedItem['kind'], string> = {
  played: 'listened to',
  starred: 'starred',
  saved_album: 'saved the album',
  added: 'added',
  created: 'made the playlist',
};

/** Feed: what the people you follow played, starred, saved, and added to or made as public playlists. */
export function FeedView() {
  const feed = useQuery({ queryKey: ['feed'], queryFn: () => api('GET /me/feed', { query: { limit: 50 } }), staleTime: 0, refetchInterval: 30_000 });
  if (!feed.data)
    return (
      <p className="muted" aria-busy="true">
        Loading…
      </p>
    );
  if (!feed.data.items.length)
    return <p className="muted">Nothing yet. Follow people (find them with the search box) to see what they play, star and add to their playlists here.</p>;
  return (
    <ul className="feed" aria-label="Feed">
      {feed.data.items.map((item) => (
        <Entry key={item.id} item={item} />
      ))}
    </ul>
  );
}

function Entry({ item }: { item: FeedItem }) {
  const thing = item.item as ItemObject;
  const target = item.target as ItemObject | null;
  const kind = item.kind === 'saved_album' ? 'album' : item.kind === 'created' ? 'playlist' : 'track';
  const art = itemArt(thing, 64);
  const go = (path: string) => (e: React.MouseEvent) => {
    e.preventDefault();
    navigate(path);
  };
  return (
    <li>
      <button className="feed-art" onClick={() => openItem(kind, thing)} aria-label={`${kind === 'track' ? 'Play' : 'Open'} ${thing.name ?? ''}`}>
        {art ? <img src={art} alt="" width={40} height={40} /> : <span className="art-placeholder small" aria-hidden="true" />}
      </button>
      <p>
        <a href={`/user/${item.user.id}`} onClick={go(`/user/${item.user.id}`)} className="person-name">
          {item.user.display_name}
        </a>{' '}
        {VERB[item.kind]} {item.kind === 'added' && item.count && item.count > 1 ? <>{item.count} tracks, starting with </> : null}
        <strong>{thing.name}</strong>
        {thing.artists?.length ? <span className="muted"> by {thing.artists.map((a) => a.name).join(', ')}</span> : null}
        {target && (
          <>
            {' '}
            to{' '}
            <a href={`/playlist/${target.id}`} onClick={go(`/playlist/${target.id}`)}>
              {target.name}
            </a>
          </>
        )}
        <span className="muted"> · {ago(item.at)}</span>
      </p>
    </li>
  );
}
