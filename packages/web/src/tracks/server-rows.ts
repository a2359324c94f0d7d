import type { CatalogObject } from '@runnel/api';
import { asItemTrack, asLocalTrack } from '../api/narrow.ts';
import type { TrackListItem } from './row.ts';
import { toQueueTrack } from './to-queue.ts';
import { translate } from '../i18n/translate.ts';

export const NOT_HERE = 'track.notHere';
export const GONE = 'track.gone';

/**
 * A track as the server sends it in playlists, history and queues (a catalogue track, or a
 * local file's item) as a row. A local file plays where a file with the same key was picked
 * (`localKeys`) and is shown unavailable elsewhere; so is a track that is gone (null).
 */
export function serverRow(track: CatalogObject | null, localKeys: ReadonlySet<string>, placeholderId: string): TrackListItem {
  // A track that left the catalogue: null, or (in playlists) just its uri, so it can be removed.
  if (!track || (track.is_playable === false && !track.is_local)) return gone(track, placeholderId);
  const t = asLocalTrack(track);
  if (t) {
    const artist = t.artists.map((a) => a.name).join(', ');
    return {
      track: {
        id: null,
        uri: t.uri,
        name: t.name,
        artists: t.artists.map((a) => ({ id: null, name: a.name })),
        album: t.album.name ? { id: null, name: t.album.name } : undefined,
        duration_ms: t.duration_ms,
      },
      queue: { id: `local:${t.local_key}`, title: t.name, artist, album: t.album.name, durationMs: t.duration_ms, localKey: t.local_key },
      unavailable: localKeys.has(t.local_key) ? undefined : NOT_HERE,
    };
  }
  const catalogue = asItemTrack(track);
  if (!catalogue) return gone(track, placeholderId);
  return { track: catalogue, queue: toQueueTrack(catalogue, catalogue.album) };
}

/** A row for a track that is gone from the catalogue (or that the player cannot read as one). */
function gone(track: CatalogObject | null, placeholderId: string): TrackListItem {
  const uri = typeof track?.uri === 'string' ? track.uri : '';
  return {
    track: { id: null, uri, name: translate('track.noLongerAvailable'), artists: [], duration_ms: 0 },
    queue: { id: placeholderId, title: '', artist: '', durationMs: 0 },
    unavailable: GONE,
  };
}
