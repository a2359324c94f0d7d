import { useSyncExternalStore } from 'react';
import type { PlaybackState } from '@runnel/api';
import { thisDevice } from './this-device.ts';

/** The user's playback as the server last said (GET /me/player, live `player.state`), and when it arrived here. */
let state: PlaybackState | null = null;
let receivedAt = 0;
const listeners = new Set<() => void>();

export function setPlayback(next: PlaybackState | null) {
  state = next;
  receivedAt = performance.now();
  for (const listener of listeners) listener();
}

export const playback = () => state;

/** Another device is the active one (and online): this tab shows and controls it. */
export const isRemote = (s: PlaybackState | null = state): s is PlaybackState => s !== null && s.device.is_active && s.device.id !== thisDevice.id;

/** Where the active device is in its track now (ms), extrapolated from its last report while it plays. */
export function progressNow(s: PlaybackState | null = state): number {
  if (!s) return 0;
  const played = s.is_playing ? performance.now() - receivedAt : 0;
  const length = Number(s.item && 'duration_ms' in s.item ? s.item.duration_ms : Infinity);
  return Math.min(s.progress_ms + played, length);
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The user's playback for React components (null: nothing plays on any device). */
export function usePlayback(): PlaybackState | null {
  return useSyncExternalStore(subscribe, playback);
}
