import type { DeviceStateBody } from '@runnel/api';
import { api } from '../api/client.ts';
import { player } from '../audio/player.ts';
import { itemUri } from '../tracks/to-queue.ts';
import { playback } from './playback-store.ts';
import { thisDevice } from './this-device.ts';

const MOST = 1000;
let last = '';
let lastPosition = { at: 0, ms: 0 };

/** The list this tab plays through, in play order, with the current item; a hand-queued item playing is put in place. */
function listNow(): { uris: string[]; index: number } {
  const { queue, current } = player.getSnapshot();
  const ordered = queue.order.map((i) => queue.tracks[i]!).filter(Boolean);
  const list = queue.playingNextUp ? [...ordered.slice(0, queue.cursor + 1), queue.playingNextUp, ...ordered.slice(queue.cursor + 1)] : ordered;
  let index = queue.playingNextUp ? queue.cursor + 1 : queue.cursor;
  if (!current) return { uris: [], index: 0 };
  // At most MOST items, around the current one.
  const from = Math.max(0, Math.min(index - MOST / 2, list.length - MOST));
  index -= from;
  return { uris: list.slice(from, from + MOST).map(itemUri), index: Math.max(0, Math.min(index, Math.max(0, Math.min(list.length, MOST) - 1))) };
}

function stateNow(): DeviceStateBody {
  const s = player.getSnapshot();
  const { uris, index } = listNow();
  const context = s.queue.contextUri && /^runnel:(album|playlist|artist):/.test(s.queue.contextUri) ? s.queue.contextUri : null;
  return {
    is_playing: s.playing && !!s.current,
    progress_ms: Math.max(0, Math.round(s.position * 1000)),
    uris,
    index,
    context_uri: context,
    shuffle: s.queue.shuffle,
    repeat: s.queue.repeat,
    volume_percent: Math.round(s.volume * 100),
  };
}

/**
 * Tells the server what this tab plays, when it matters: while this device is the active
 * one, or when playback starts here (it becomes the active one). On changes only (track,
 * play/pause, list, volume, a jump in position), not on every tick; with `ack` or `force`, always
 * (`force`: before handing what this tab has loaded to another device).
 */
export function reportState(ack?: string, force = false) {
  const body = stateNow();
  const active = playback()?.device.id === thisDevice.id;
  if (!ack && !force && !active && !body.is_playing) return;
  const key = JSON.stringify({ ...body, progress_ms: 0 });
  const now = performance.now();
  const expected = lastPosition.ms + (body.is_playing ? now - lastPosition.at : 0);
  const jumped = Math.abs(body.progress_ms - expected) > 1500;
  if (!ack && !force && key === last && !jumped) return;
  last = key;
  lastPosition = { at: now, ms: body.progress_ms };
  void api('PUT /me/player/devices/:id/state', { params: { id: thisDevice.id }, body: { ...body, ...(ack ? { ack } : {}) } }).catch(() => {});
}
