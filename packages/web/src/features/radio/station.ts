import { useSyncExternalStore } from 'react';
import type { RadioStation } from '@runnel/api';
import { api } from '../../api/client.ts';
import { player } from '../../audio/player.ts';
import { navigate } from '../../app/router.ts';
import { itemTracks } from '../../api/narrow.ts';
import { toQueueTrack } from '../../tracks/to-queue.ts';

/** The station playing in this tab: its seed, and every track it has brought (never drawn again). */
interface Station {
  seed: string;
  name: string;
  type: string;
  ids: Set<string>;
}

const CONTEXT = 'runnel:radio:';
/** Ask for more when this few of the station's tracks are left. */
const LOW = 3;
let station: Station | null = null;
let fetching = false;
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((l) => l());

async function next(seed: string, exclude: Set<string>, limit = 20) {
  const ids = [...exclude].slice(-500).join(',');
  return api('GET /radio', { query: { seed, limit, ...(ids ? { exclude: ids } : {}) } });
}
const toQueue = (tracks: RadioStation['tracks']) => itemTracks(tracks).map((t) => toQueueTrack(t, t.album));

/** Starts a station from a seed uri (`runnel:artist:…`, `runnel:genre:Pop`, …), plays it and shows the Radio view. */
export async function startRadio(seed: string): Promise<void> {
  const first = await next(seed, new Set());
  station = { seed, name: first.seed.name, type: first.seed.type, ids: new Set(first.tracks.map((t) => t.id!)) };
  changed();
  await player.playContext(toQueue(first.tracks), 0, `${CONTEXT}${seed}`);
  navigate('/radio');
}

/** Keeps a playing station going: when it is about to run out, the next tracks are added. */
player.subscribe(() => {
  const { queue } = player.getSnapshot();
  if (!station || fetching || queue.contextUri !== `${CONTEXT}${station.seed}`) return;
  if (queue.order.length - queue.cursor - 1 >= LOW) return;
  fetching = true;
  const playing = station;
  void next(playing.seed, playing.ids)
    .then((more) => {
      const fresh = more.tracks.filter((t) => !playing.ids.has(t.id!));
      fresh.forEach((t) => playing.ids.add(t.id!));
      if (fresh.length && station === playing) player.extendContext(toQueue(fresh));
    })
    .catch(() => {})
    .finally(() => (fetching = false));
});

/** The station this tab plays, if the player is playing one. */
export function useStation(): Station | null {
  const context = useSyncExternalStore(player.subscribe, () => player.getSnapshot().queue.contextUri);
  const current = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => station,
  );
  return current && context === `${CONTEXT}${current.seed}` ? current : null;
}

/** Thumbs up or down on a track for your radio; down also skips it when it is playing. */
export async function vote(trackId: string, value: 'up' | 'down' | 'none') {
  await api('PUT /me/radio/votes', { body: { track_id: trackId, vote: value } });
  if (value === 'down' && player.getSnapshot().current?.id === trackId) await player.next();
}
