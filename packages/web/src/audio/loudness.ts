import type { QueueState, QueueTrack } from './queue.ts';

/** The listener's volume normalisation choice (Settings): which ReplayGain value evens out loudness. */
export type Normalisation = 'off' | 'track' | 'album' | 'auto';

/** A track's ReplayGain 2.0 values (reference -18 LUFS): gains in dB, peaks linear (1 = full scale); null when unknown. */
export interface ReplayGain {
  trackGain: number | null;
  trackPeak: number | null;
  albumGain: number | null;
  albumPeak: number | null;
}

/**
 * Whether `track` plays as part of its album played in order: the queue's context is that
 * album and shuffle is off. Then its album gain keeps the album's tracks at their relative levels.
 */
export function playsAlbumInOrder(queue: Pick<QueueState, 'contextUri' | 'shuffle'>, track: Pick<QueueTrack, 'albumId'>): boolean {
  return !queue.shuffle && track.albumId !== undefined && queue.contextUri === `runnel:album:${track.albumId}`;
}

/**
 * The linear gain to play a track at. `auto` takes the album gain when the album plays in
 * order and the track gain otherwise; `album` and `track` take theirs; each falls back to the
 * other when its own is unknown, and to 1 when neither is. Never clips: the gain is capped
 * so that gain × peak ≤ 1 with the peak measured with that gain; without a peak it may
 * attenuate but not boost.
 */
export function loudnessGain(mode: Normalisation, gain: ReplayGain | undefined, albumInOrder: boolean): number {
  if (mode === 'off' || !gain) return 1;
  const album = { db: known(gain.albumGain), peak: known(gain.albumPeak) };
  const track = { db: known(gain.trackGain), peak: known(gain.trackPeak) };
  const [first, second] = mode === 'album' || (mode === 'auto' && albumInOrder) ? [album, track] : [track, album];
  const chosen = first.db !== null ? first : second;
  if (chosen.db === null) return 1;
  const linear = 10 ** (chosen.db / 20);
  const ceiling = chosen.peak !== null && chosen.peak > 0 ? 1 / chosen.peak : 1;
  return Math.min(linear, ceiling);
}

const known = (value: number | null): number | null => (value !== null && Number.isFinite(value) ? value : null);
