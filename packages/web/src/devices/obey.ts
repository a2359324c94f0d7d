import type { DeviceCommand } from '@runnel/api';
import { api } from '../api/client.ts';
import { asItemTrack } from '../api/narrow.ts';
import { localFiles, player } from '../audio/player.ts';
import type { QueueTrack } from '../audio/queue.ts';
import { parseLocalUri } from '../features/local/local-uri.ts';
import { toQueueTrack } from '../tracks/to-queue.ts';
import { reportState } from './report.ts';

/** The player's queue items for item uris, in order (catalogue tracks fetched 50 at a time); unknown ones are left out. */
async function tracksFor(uris: string[]): Promise<(QueueTrack | null)[]> {
  const ids = uris.filter((u) => u.startsWith('runnel:track:')).map((u) => u.slice('runnel:track:'.length));
  const found = new Map<string, QueueTrack>();
  const batches = [];
  for (let i = 0; i < ids.length; i += 50) batches.push(ids.slice(i, i + 50));
  for (const page of await Promise.all(batches.map((b) => api('GET /tracks', { query: { ids: b.join(',') } })))) {
    for (const t of page.tracks) {
      const track = t && asItemTrack(t);
      if (track) found.set(track.id, toQueueTrack(track, track.album));
    }
  }
  return uris.map((uri) => {
    if (uri.startsWith('runnel:track:')) return found.get(uri.slice('runnel:track:'.length)) ?? null;
    const local = parseLocalUri(uri);
    return local && localFiles.has(local.key)
      ? { id: `local:${local.key}`, localKey: local.key, title: local.title, artist: local.artist, album: local.album, durationMs: local.durationMs }
      : null;
  });
}

/** Loads a list sent to this device and goes to `index` at `position_ms`, playing or not. */
async function load(command: DeviceCommand) {
  const all = await tracksFor(command.uris ?? []);
  const start = command.index ?? 0;
  const tracks = all.filter((t): t is QueueTrack => t !== null);
  // The item at `index` (or the next playable one) in the list without the unplayable ones.
  const before = all.slice(0, start).filter((t) => t !== null).length;
  await player.restore(
    {
      ...player.getSnapshot().queue,
      contextUri: command.context_uri ?? null,
      tracks,
      order: tracks.map((_, i) => i),
      cursor: Math.min(before, Math.max(0, tracks.length - 1)),
      playingNextUp: null,
    },
    (command.position_ms ?? 0) / 1000,
  );
  if (command.play !== false && tracks.length) await player.resume();
}

const actions: Record<DeviceCommand['action'], (c: DeviceCommand) => Promise<unknown> | unknown> = {
  play: load,
  pause: () => player.pause(),
  stop: () => player.pause(),
  resume: () => player.resume(),
  next: () => player.next(),
  previous: () => player.previous(),
  seek: (c) => player.seek((c.position_ms ?? 0) / 1000),
  volume: (c) => player.setVolume((c.volume_percent ?? 0) / 100),
  add: async (c) => player.extendContext((await tracksFor(c.uris ?? [])).filter((t): t is QueueTrack => t !== null)),
  remove: (c) => player.removeFromContext(c.index ?? -1),
  clear: () => player.restore({ ...player.getSnapshot().queue, tracks: [], order: [], cursor: 0, playingNextUp: null }, 0),
  shuffle: (c) => player.setShuffle(c.state === true),
  repeat: (c) => player.setRepeat(c.repeat ?? 'off'),
};

/** Does what another device (or an app) asked of this one, then says so with the command's id. */
export async function obey(command: DeviceCommand) {
  try {
    await actions[command.action](command);
  } finally {
    reportState(command.id);
  }
}
