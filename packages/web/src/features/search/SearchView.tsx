import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SearchTrack } from '@runnel/api';
import { api } from '../../api/client.ts';
import { navigate } from '../../app/router.ts';
import { AlbumGrid, type GridAlbum } from '../catalog/AlbumGrid.tsx';
import { LinkChips } from '../../ui/LinkChips.tsx';
import { TrackList, type TrackListItem } from '../../tracks/TrackList.tsx';
import { toQueueTrack } from '../../tracks/to-queue.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../i18n/errors.ts';
import { retrySearch, searchRetryDelay, searchStarting } from './retry.ts';

/** A search hit as a playable track row. */
function toItem(hit: SearchTrack): TrackListItem {
  const track = {
    id: hit.id,
    name: hit.name,
    uri: hit.uri,
    duration_ms: hit.duration_ms ?? 0,
    track_number: 0,
    artists: hit.artists.map((a) => ({ id: a.id ?? '', name: a.name })),
    album: hit.album?.id ? { id: hit.album.id, name: hit.album.name } : undefined,
  };
  return { track, queue: toQueueTrack(track, hit.album ?? undefined) };
}

/**
 * As-you-type results: the best match on top, then tracks, albums, artists, playlists and
 * people. `heading`: the level of the results' title (h2 under the phone's Search title).
 */
export function SearchView({ q, heading: Title = 'h1' }: { q: string; heading?: 'h1' | 'h2' }) {
  const t = useT();
  const results = useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => api('GET /search', { query: { q, limit: 20 }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
    // Just after the server starts, search answers 503 while it loads its index: keep asking.
    retry: retrySearch,
    retryDelay: searchRetryDelay,
  });
  const r = results.data;
  if (!r) {
    if (searchStarting(results.failureReason)) {
      return (
        <p className="muted" role="status" aria-busy="true">
          {t('search.starting')}
        </p>
      );
    }
    if (results.isError) {
      return (
        <div role="alert">
          <p>{t('search.failed', { why: errorText(results.error, 'search.tryLater') })}</p>
          <button onClick={() => void results.refetch()}>{t('common.tryAgain')}</button>
        </div>
      );
    }
    return (
      <p className="muted" aria-busy="true">
        {t('search.searching')}
      </p>
    );
  }
  const tracks = (r.tracks?.items ?? []).map(toItem);
  const albums = (r.albums?.items ?? []).map((a): GridAlbum => ({ id: a.id, name: a.name, artists: a.artists, images: a.images ?? [] }));
  const nothing = !tracks.length && !albums.length && !r.artists?.items.length && !r.playlists?.items.length && !r.users?.items.length;
  const best = r.best_match;
  return (
    <section aria-labelledby="search-title" aria-busy={results.isFetching}>
      <Title id="search-title" className="results-title">
        {t('search.resultsFor', { q })}
      </Title>
      {nothing && <p className="muted">{t('search.nothing')}</p>}
      {best && (
        <div className="best-match card">
          <p className="kicker">{t('search.bestMatchOf', { type: best.type })}</p>
          {best.type === 'track' ? (
            <TrackList items={[toItem(best.item as SearchTrack)]} contextUri="runnel:search" label={t('search.bestMatch')} />
          ) : (
            <a
              href={best.item.href}
              className="best-link"
              onClick={(e) => {
                e.preventDefault();
                navigate(`/${best.type}/${best.item.id}`);
              }}
            >
              {'name' in best.item ? best.item.name : best.item.display_name}
            </a>
          )}
        </div>
      )}
      {tracks.length > 0 && (
        <>
          <h2>{t('search.tracks')}</h2>
          <TrackList items={tracks} contextUri="runnel:search" label={t('search.tracksFound')} />
        </>
      )}
      {r.artists && r.artists.items.length > 0 && (
        <>
          <h2>{t('search.artists')}</h2>
          <LinkChips label={t('search.artistsFound')} chips={r.artists.items.map((a) => ({ id: a.id, path: `/artist/${a.id}`, text: a.name }))} />
        </>
      )}
      {albums.length > 0 && (
        <>
          <h2>{t('search.albums')}</h2>
          <AlbumGrid albums={albums} label={t('search.albumsFound')} />
        </>
      )}
      {r.playlists && r.playlists.items.length > 0 && (
        <>
          <h2>{t('search.playlists')}</h2>
          <LinkChips
            label={t('search.playlistsFound')}
            chips={r.playlists.items.map((p) => ({
              id: p.id,
              path: `/playlist/${p.id}`,
              text: p.name,
              detail: t('common.byUser', { name: p.owner.display_name }),
            }))}
          />
        </>
      )}
      {r.users && r.users.items.length > 0 && (
        <>
          <h2>{t('search.people')}</h2>
          <LinkChips label={t('search.peopleFound')} chips={r.users.items.map((u) => ({ id: u.id, path: `/user/${u.id}`, text: u.display_name }))} />
        </>
      )}
    </section>
  );
}
