import type { ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { AlbumGrid } from '../catalog/AlbumGrid.tsx';
import { LinkChips } from '../../ui/LinkChips.tsx';
import { keepAndRefresh, listKey } from './api.ts';
import { asAlbum, asArtist, itemTracks } from '../../api/narrow.ts';
import { TrackList } from '../../tracks/TrackList.tsx';
import { toQueueTrack } from '../../tracks/to-queue.ts';
import { useT } from '../../i18n/use-t.ts';
import { usePlaylistOrder } from '../playlists/order.ts';

/**
 * Library: playlists you follow, artists you follow, your saved albums and tracks.
 * `children`: shown under the title (the phone's list of playlists and other places).
 */
export function LibraryView({ children }: { children?: ReactNode }) {
  const t = useT();
  const albums = useQuery({ queryKey: ['saved-albums'], queryFn: () => api('GET /me/albums', { query: { limit: 50 } }) });
  const tracks = useQuery({ queryKey: ['saved-tracks'], queryFn: () => api('GET /me/tracks', { query: { limit: 50 } }) });
  const trackItems = itemTracks((tracks.data?.items ?? []).map((i) => i.track)).map((track) => ({ track, queue: toQueueTrack(track, track.album) }));
  const albumItems = (albums.data?.items ?? []).flatMap((i) => asAlbum(i.album) ?? []);
  const artists = useQuery({ queryKey: [listKey.artists], queryFn: () => api('GET /me/following', { query: { type: 'artist', limit: 50 } }) });
  // In the order chosen for the sidebar's playlists (its own order has folders, and none here: newest first).
  const order = usePlaylistOrder();
  const playlists = useQuery({
    queryKey: ['my-playlists', order],
    staleTime: 0,
    queryFn: () => api('GET /me/playlists', { query: { limit: 50, ...(order !== 'custom' && { sort: order }) } }),
  });
  const artistItems = (artists.data?.artists.items ?? []).flatMap((o) => asArtist(o) ?? []);
  // Subscribed playlists: someone else's, that you do not edit.
  const followed = (playlists.data?.items ?? []).filter((p) => !p.editable);
  const client = useQueryClient();
  const unsave = (index: number) => void keepAndRefresh(client, 'tracks', [trackItems[index]?.track.id], false);
  return (
    <section aria-labelledby="library-title">
      <h1 id="library-title">{t('nav.library')}</h1>
      {children}
      {followed.length > 0 && (
        <>
          <h2>{t('library.followedPlaylists')}</h2>
          <LinkChips
            label={t('library.followedPlaylists')}
            chips={followed.map((p) => ({
              id: p.id,
              path: `/playlist/${p.id}`,
              text: p.name,
              detail: p.owner.display_name ? t('common.byUser', { name: p.owner.display_name }) : undefined,
            }))}
          />
        </>
      )}
      <h2>{t('search.artists')}</h2>
      {artists.isSuccess && artistItems.length === 0 ? (
        <p className="muted">{t('library.noArtists')}</p>
      ) : (
        <LinkChips label={t('library.followedArtists')} chips={artistItems.map((a) => ({ id: a.id, path: `/artist/${a.id}`, text: a.name }))} />
      )}
      <h2>{t('search.albums')}</h2>
      {albums.isSuccess && albumItems.length === 0 ? (
        <p className="muted">{t('library.noAlbums')}</p>
      ) : (
        <AlbumGrid albums={albumItems} label={t('library.savedAlbums')} />
      )}
      <h2>{t('search.tracks')}</h2>
      {tracks.isSuccess && trackItems.length === 0 ? (
        <p className="muted">{t('library.noTracks')}</p>
      ) : (
        <TrackList items={trackItems} contextUri="runnel:library" label={t('library.savedTracks')} onRemove={unsave} removeLabel={t('library.remove')} />
      )}
    </section>
  );
}
