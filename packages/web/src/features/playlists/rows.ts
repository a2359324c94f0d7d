import type { PlaylistItem } from '@runnel/api';
import type { TrackListItem } from '../../tracks/row.ts';
import { toQueueTrack } from '../../tracks/to-queue.ts';
import type { ItemTrack } from './api.ts';

/** How the server renders a local file's item (see localTrack in the playlists module). */
interface LocalItemTrack {
  uri: string;
  name: string;
  artists: { name: string }[];
  album: { name: string };
  duration_ms: number;
  local_key: string;
}

export const NOT_HERE = 'This local file is not on this device. Add it under Local files to play it here.';

/**
 * A playlist's items as track rows, one per item so row indexes are playlist positions.
 * A local file plays where a file with the same key was picked (`localKeys`), and is shown
 * unavailable elsewhere; so is a catalogue track that is gone.
 */
export function playlistRows(items: PlaylistItem[], localKeys: ReadonlySet<string>): TrackListItem[] {
  return items.map((item, index) => {
    if (!item.track) {
      return {
        track: { id: null, uri: '', name: 'Track no longer available', artists: [], duration_ms: 0 },
        queue: { id: `gone:${item.entry_id}:${index}`, title: '', artist: '', durationMs: 0 },
        unavailable: 'This track was removed from the catalogue.',
      };
    }
    if (item.is_local) {
      const t = item.track as unknown as LocalItemTrack;
      const artist = t.artists.map((a) => a.name).join(', ');
      return {
        track: { id: null, uri: t.uri, name: t.name, artists: t.artists.map((a) => ({ id: null, name: a.name })), album: t.album.name ? { id: null, name: t.album.name } : undefined, duration_ms: t.duration_ms },
        queue: { id: `local:${t.local_key}`, title: t.name, artist, album: t.album.name, durationMs: t.duration_ms, localKey: t.local_key },
        unavailable: localKeys.has(t.local_key) ? undefined : NOT_HERE,
      };
    }
    const track = item.track as unknown as ItemTrack;
    return { track, queue: toQueueTrack(track, track.album) };
  });
}
