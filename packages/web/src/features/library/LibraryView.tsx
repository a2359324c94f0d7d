import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { SimplifiedAlbum } from '@runnel/api';
import { api } from '../../api/client.ts';
import { AlbumGrid } from '../catalog/AlbumGrid.tsx';
import { keepAndRefresh } from './api.ts';
import type { ItemTrack } from '../playlists/api.ts';
import { TrackList } from '../../tracks/TrackList.tsx';
import { toQueueTrack } from '../../tracks/to-queue.ts';

/** Library: your saved albums and tracks. */
export function LibraryView() {
  const albums = useQuery({ queryKey: ['saved-albums'], queryFn: () => api<{ items: { album: unknown }[] }>('/me/albums?limit=50') });
  const tracks = useQuery({ queryKey: ['saved-tracks'], queryFn: () => api<{ items: { track: unknown }[] }>('/me/tracks?limit=50') });
  const trackItems = (tracks.data?.items ?? []).map((i) => {
    const track = i.track as ItemTrack;
    return { track, queue: toQueueTrack(track, track.album) };
  });
  const albumItems = (albums.data?.items ?? []).map((i) => i.album as SimplifiedAlbum);
  const client = useQueryClient();
  const unsave = (index: number) => void keepAndRefresh(client, 'tracks', [trackItems[index]?.track.id], false);
  return (
    <section aria-labelledby="library-title">
      <h1 id="library-title">Library</h1>
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
