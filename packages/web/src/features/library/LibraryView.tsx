import type { ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { AlbumGrid } from '../catalog/AlbumGrid.tsx';
import { LinkChips } from '../../ui/LinkChips.tsx';
import { keepAndRefresh, listKey } from './api.ts';
import { asAlbum, asArtist, itemTracks } from '../../api/narrow.ts';
import { TrackList } from '../../tracks/TrackList.tsx';
import { toQueueTrack } from '../../tracks/to-queue.ts';

/**
 * Library: playlists you follow, artists you follow, your saved albums and tracks.
 * `children`: shown under the title (the phone's list of playlists and other places).
 */
export function LibraryView({ children }: { children?: ReactNode }) {
  const albums = useQuery({ queryKey: ['saved-albums'], queryFn: () => api('GET /me/albums', { query: { limit: 50 } }) });
  const tracks = useQuery({ queryKey: ['saved-tracks'], queryFn: () => api('GET /me/tracks', { query: { limit: 50 } }) });
  const trackItems = itemTracks((tracks.data?.items ?? []).map((i) => i.track)).map((track) => ({ track, queue: toQueueTrack(track, track.album) }));
  const albumItems = (albums.data?.items ?? []).flatMap((i) => asAlbum(i.album) ?? []);
  const artists = useQuery({ queryKey: [listKey.artists], queryFn: () => api('GET /me/following', { query: { type: 'artist', limit: 50 } }) });
  const playlists = useQuery({ queryKey: ['my-playlists'], staleTime: 0, queryFn: () => api('GET /me/playlists', { query: { limit: 50 } }) });
  const artistItems = (artists.data?.artists.items ?? []).flatMap((o) => asArtist(o) ?? []);
  // Subscribed playlists: someone else's, that you do not edit.
  const followed = (playlists.data?.items ?? []).filter((p) => !p.editable);
  const client = useQueryClient();
  const unsave = (index: number) => void keepAndRefresh(client, 'tracks', [trackItems[index]?.track.id], false);
  return (
    <section aria-labelledby="library-title">
      <h1 id="library-title">Library</h1>
      {children}
      {followed.length > 0 && (
        <>
          <h2>Playlists you follow</h2>
          <LinkChips
            label="Playlists you follow"
            chips={followed.map((p) => ({
              id: p.id,
              path: `/playlist/${p.id}`,
              text: p.name,
              detail: p.owner.display_name ? `by ${p.owner.display_name}` : undefined,
            }))}
          />
        </>
      )}
      <h2>Artists</h2>
      {artists.isSuccess && artistItems.length === 0 ? (
        <p className="muted">No followed artists yet: “Follow” on an artist’s page keeps them here.</p>
      ) : (
        <LinkChips label="Followed artists" chips={artistItems.map((a) => ({ id: a.id, path: `/artist/${a.id}`, text: a.name }))} />
      )}
      <h2>Albums</h2>
      {albums.isSuccess && albumItems.length === 0 ? (
        <p className="muted">No saved albums yet: “Save to Library” on an album’s page keeps it here.</p>
      ) : (
        <AlbumGrid albums={albumItems} label="Saved albums" />
      )}
      <h2>Tracks</h2>
      {tracks.isSuccess && trackItems.length === 0 ? (
        <p className="muted">No saved tracks yet: right-click a track and choose “Save to Library”.</p>
      ) : (
        <TrackList items={trackItems} contextUri="runnel:library" label="Saved tracks" onRemove={unsave} removeLabel="Remove from Library" />
      )}
    </section>
  );
}
