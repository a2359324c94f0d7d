import type { QueueTrack } from './queue.ts';

/** A play counts after half the track or this long, whichever comes first (ListenBrainz's and Last.fm's rule). */
const ENOUGH_S = 240;

/**
 * When a track counts as played: after half of it or 4 minutes, whichever comes first, once
 * each time it starts, the rule ListenBrainz and Last.fm scrobble by (so a play in the
 * history is a play sent to them). Keeps what played in this tab, newest first.
 */
export class Plays {
  /** At most 50. */
  history: QueueTrack[] = [];
  private counted = false;
  /** When the track began (ms since the epoch): the time the play is reported at. */
  private startedAt = Date.now();
  private readonly onPlayed: ((track: QueueTrack, startedAt: number) => void) | undefined;

  constructor(onPlayed?: (track: QueueTrack, startedAt: number) => void) {
    this.onPlayed = onPlayed;
  }

  /** A new track starts: not counted yet. */
  restart() {
    this.counted = false;
    this.startedAt = Date.now();
  }

  /** `track` is at `position` of its `duration` seconds: counts it once it has played long enough. */
  heard(track: QueueTrack, position: number, duration: number) {
    if (this.counted || (position < ENOUGH_S && position < duration / 2)) return;
    this.counted = true;
    this.history = [track, ...this.history].slice(0, 50);
    this.onPlayed?.(track, this.startedAt);
  }
}
