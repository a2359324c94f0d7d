import type { QueueTrack } from './queue.ts';

/**
 * When a track counts as played, as the original client counted: after 30 s, or half of a
 * shorter track, once each time it starts. Keeps what played in this tab, newest first.
 */
export class Plays {
  /** At most 50. */
  history: QueueTrack[] = [];
  private counted = false;
  private readonly onPlayed: ((track: QueueTrack) => void) | undefined;

  constructor(onPlayed?: (track: QueueTrack) => void) {
    this.onPlayed = onPlayed;
  }

  /** A new track starts: not counted yet. */
  restart() {
    this.counted = false;
  }

  /** `track` is at `position` of its `duration` seconds: counts it once it has played long enough. */
  heard(track: QueueTrack, position: number, duration: number) {
    if (this.counted || (position < 30 && position < duration / 2)) return;
    this.counted = true;
    this.history = [track, ...this.history].slice(0, 50);
    this.onPlayed?.(track);
  }
}
