import type { DeviceStateBody } from '@runnel/api';
import { api } from '../api/client.ts';
import { player } from '../audio/player.ts';
import { itemUri } from '../tracks/to-queue.ts';
import { playback } from './playback-store.ts';
import { thisDevice } from './this-device.ts';

const MOST = 1000;
let last = '';
let lastSeen: { queue: unknown; current: unknown; playing: boolean; volume: number } | undefined;
let lastPosition = { at: 0, ms: 0 };
/** Reports that make this tab the active device, sent and not yet answered. */
let takeovers = 0;

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
  const s = player.getSnapshot();
  const playing = s.playing && !!s.current;
  const active = playback()?.device.id === thisDevice.id;
  if (!ack && !force && !active && !playing) return;
  const now = performance.now();
  const expected = lastPosition.ms + (playing ? now - lastPosition.at : 0);
  const jumped = Math.abs(s.position * 1000 - expected) > 1500;
  // Called at every tick of the position: the list is built only when the engine's queue,
  // track, play state or volume is another than last time (each change makes a new one).
  const seen = { queue: s.queue, current: s.current, playing, volume: s.volume };
  const same = lastSeen !== undefined && (Object.keys(seen) as (keyof typeof seen)[]).every((k) => seen[k] === lastSeen![k]);
  // Play pressed, or another list chosen: this tab takes over. Its next track does not.
  const began = playing && (!lastSeen?.playing || (lastSeen.queue as typeof s.queue).contextUri !== s.queue.contextUri);
  lastSeen = seen;
  if (!ack && !force && same && !jumped) return;
  const body = stateNow();
  const key = JSON.stringify({ ...body, progress_ms: 0 });
  if (!ack && !force && key === last && !jumped) return;
  last = key;
  lastPosition = { at: now, ms: body.progress_ms };
  const sent = api('PUT /me/player/devices/:id/state', { params: { id: thisDevice.id }, body: { ...body, began, ...(ack ? { ack } : {}) } }).catch(() => {});
  if (began) {
    takeovers += 1;
    void sent.finally(() => (takeovers -= 1));
  }
}

/**
 * Whether this tab has just started playing and the server has not yet answered that it
 * took over: a state it sends meanwhile showing another device playing was decided before
 * the takeover (another tab's last report), so this tab must not stop for it.
 */
export const takingOver = () => takeovers > 0;
