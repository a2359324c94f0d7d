import { useEffect, useReducer } from 'react';
import type { PlaybackState, RepeatState } from '@runnel/api';
import { api } from '../api/client.ts';
import { asItemTrack } from '../api/narrow.ts';
import { player, usePlayer } from '../audio/player.ts';
import type { EngineSnapshot } from '../audio/engine-types.ts';
import { toQueueTrack } from '../tracks/to-queue.ts';
import { isRemote, playback, progressNow, usePlayback } from './playback-store.ts';

/** What the transport buttons, the seek bar and the volume act on: this tab's player, or the active device. */
export interface Controls {
  toggle(): void;
  previous(): void;
  next(): void;
  seek(seconds: number): void;
  setVolume(volume: number): void;
  setShuffle(shuffle: boolean): void;
  setRepeat(repeat: RepeatState): void;
}

const local: Controls = {
  toggle: () => void player.toggle(),
  previous: () => void player.previous(),
  next: () => void player.next(),
  seek: (seconds) => player.seek(seconds),
  setVolume: (volume) => player.setVolume(volume),
  setShuffle: (shuffle) => player.setShuffle(shuffle),
  setRepeat: (repeat) => player.setRepeat(repeat),
};

const quietly = (call: Promise<unknown>) => void call.catch(() => {});

/** A dragged slider: the first value goes at once, then at most one every 150 ms, the last one always. */
let volumeWindow: ReturnType<typeof setTimeout> | undefined;
let volumeWaiting: (() => void) | undefined;
function sendVolume(device_id: string, volume_percent: number) {
  const send = () => quietly(api('PUT /me/player/volume', { query: { device_id, volume_percent } }));
  if (volumeWindow) {
    volumeWaiting = send;
    return;
  }
  send();
  const close = () => {
    const waiting = volumeWaiting;
    volumeWaiting = undefined;
    volumeWindow = waiting ? setTimeout(close, 150) : undefined;
    waiting?.();
  };
  volumeWindow = setTimeout(close, 150);
}

/** Commands to the active device, by the same routes any app uses. */
function remoteControls(state: PlaybackState): Controls {
  const device_id = state.device.id;
  return {
    toggle: () =>
      quietly(state.is_playing ? api('PUT /me/player/pause', { query: { device_id } }) : api('PUT /me/player/play', { query: { device_id }, body: {} })),
    previous: () => quietly(api('POST /me/player/previous', { query: { device_id } })),
    next: () => quietly(api('POST /me/player/next', { query: { device_id } })),
    seek: (seconds) => quietly(api('PUT /me/player/seek', { query: { device_id, position_ms: Math.max(0, Math.round(seconds * 1000)) } })),
    setVolume: (volume) => sendVolume(device_id, Math.round(volume * 100)),
    setShuffle: (state) => quietly(api('PUT /me/player/devices/:id/shuffle', { params: { id: device_id }, query: { state } })),
    setRepeat: (state) => quietly(api('PUT /me/player/devices/:id/repeat', { params: { id: device_id }, query: { state } })),
  };
}

/** The controls that apply now (keyboard shortcuts and media keys use it too). */
export const controls = (): Controls => {
  const state = playback();
  return isRemote(state) ? remoteControls(state) : local;
};

/** The active device's state as the player's snapshot, for the same components to show it. */
function remoteSnapshot(state: PlaybackState, here: EngineSnapshot): EngineSnapshot {
  const item = state.item && asItemTrack(state.item);
  const current = item ? toQueueTrack(item, item.album) : undefined;
  return {
    ...here,
    queue: { ...here.queue, shuffle: state.shuffle_state, repeat: state.repeat_state },
    current,
    playing: state.is_playing,
    position: progressNow(state) / 1000,
    duration: (current?.durationMs ?? 0) / 1000,
    volume: (state.device.volume_percent ?? 100) / 100,
    error: null,
    ad: null,
  };
}

/** What to show and what to act on: this tab's player, or (when another device is active) that device, ticking while it plays. */
export function useControls(): { s: EngineSnapshot; c: Controls; remote: PlaybackState | null } {
  const here = usePlayer();
  const state = usePlayback();
  const [, tick] = useReducer((n: number) => n + 1, 0);
  const remote = isRemote(state) ? state : null;
  useEffect(() => {
    if (!remote?.is_playing) return;
    const timer = setInterval(tick, 500);
    return () => clearInterval(timer);
  }, [remote?.is_playing]);
  return remote ? { s: remoteSnapshot(remote, here), c: remoteControls(remote), remote } : { s: here, c: local, remote: null };
}
