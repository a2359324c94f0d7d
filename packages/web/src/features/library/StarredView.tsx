import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { StarredPlaylist } from '@runnel/api';
import { api } from '../../api/client.ts';
import type { ItemTrack } from '../playlists/api.ts';
import { TrackList } from '../../tracks/TrackList.tsx';
import { keepAndRefresh } from './api.ts';
import { toQueueTrack } from '../../tracks/to-queue.ts';

/** Starred: the one-click favourites, always there. */
export function StarredView() {
  const starred = useQuery({ queryKey: ['starred'], queryFn: () => api<StarredPlaylist>('/me/starred?limit=50') });
  const items = (starred.data?.tracks.items ?? []).filter((i) => i.track).map((i) => {
    const track = i.track as unknown as ItemTrack;
    return { track, queue: toQueueTrack(track, track.album) };
  });
  const client = useQueryClient();
  const unstar = (index: number) => void keepAndRefresh(client, 'starred', [items[index]?.track.id], false);
  return (
    <section aria-labelledby="starred-title">
      <h1 id="starred-title">Starred</h1>
      {starred.isSuccess && items.length === 0 && <p className="muted">Star tracks from their menu (right-click a track) to find them here.</p>}
      {items.length > 0 && <TrackList items={items} contextUri="runnel:starred" label="Starred tracks" onRemove={unstar} removeLabel="Unstar" />}
    </section>
  );
}
