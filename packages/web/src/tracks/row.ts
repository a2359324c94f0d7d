import type { MessageKey } from '../i18n/languages.ts';
import type { QueueTrack } from '../audio/queue.ts';

/**
 * What a track row shows: a catalogue track, or a local file (whose artist and album have
 * no ids, so they are plain text instead of links).
 */
export interface RowTrack {
  id: string | null;
  uri: string;
  name: string;
  artists: { id: string | null; name: string }[];
  album?: { id: string | null; name: string };
  duration_ms: number;
  track_number?: number;
}

export interface TrackListItem {
  track: RowTrack;
  queue: QueueTrack;
  /** Why the row cannot play here (a local file that is not on this device), as a message's key; absent when it can. */
  unavailable?: MessageKey;
}

/** Uris a playlist accepts: catalogue tracks and local files. */
export const isPlaylistUri = (uri: string) => uri.startsWith('runnel:track:') || uri.startsWith('runnel:local:');

/**
 * The playable rows of a list and where row `index` lands among them: a context plays
 * only what can play here, skipping unavailable rows.
 */
export function playableFrom(items: TrackListItem[], index: number): { tracks: QueueTrack[]; start: number } {
  const tracks: QueueTrack[] = [];
  let start = 0;
  for (const [i, item] of items.entries()) {
    if (i === index) start = tracks.length;
    if (!item.unavailable) tracks.push(item.queue);
  }
  return { tracks, start };
}
