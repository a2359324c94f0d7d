import type { SimplifiedTrack } from '@runnel/api';
import type { QueueTrack } from '../audio/queue.ts';
import { localUri } from '../features/local/local-uri.ts';

/** What a queue item needs of a catalogue track (a search hit or a shared item has no more). */
export interface QueueSource {
  id: string;
  name: string;
  artists: { name: string }[];
  duration_ms: number;
  /** A catalogue track carries it; a search hit or a shared item does not. */
  replay_gain?: SimplifiedTrack['replay_gain'];
}

/** A catalogue track as the player's queue item. */
export function toQueueTrack(track: QueueSource, album?: { id?: string; name: string; images?: { url: string; width: number | null }[] }): QueueTrack {
  const images = album?.images ?? [];
  const gain = track.replay_gain;
  return {
    id: track.id,
    title: track.name,
    artist: track.artists.map((a) => a.name).join(', '),
    album: album?.name,
    albumId: album?.id,
    durationMs: track.duration_ms,
    artUrl: imageUrl(images, 300),
    replayGain: gain && { trackGain: gain.track_gain, trackPeak: gain.track_peak, albumGain: gain.album_gain, albumPeak: gain.album_peak },
  };
}

/** The smallest of the offered images that is at least `size` pixels wide (else the largest). */
export function imageUrl(images: { url: string; width: number | null }[], size: number): string | undefined {
  const sorted = [...images].sort((a, b) => (a.width ?? Infinity) - (b.width ?? Infinity));
  return (sorted.find((image) => (image.width ?? Infinity) >= size) ?? sorted.at(-1))?.url;
}

/** The item uri of what a queue item plays: a catalogue track, or a local file. */
export function itemUri(track: QueueTrack): string {
  if (!track.localKey) return `runnel:track:${track.id}`;
  return localUri({ key: track.localKey, artist: track.artist, album: track.album ?? '', title: track.title, durationMs: track.durationMs });
}
