import type { PlayQueue } from '@runnel/api';
import { asItemTrack } from '../api/narrow.ts';
import { api } from '../api/client.ts';
import { live } from '../api/live-instance.ts';
import { toQueueTrack } from '../tracks/to-queue.ts';
import { player } from './player.ts';
import type { QueueTrack } from './queue.ts';

/** The server's "next up" items as the engine's queue items. */
function apply(queue: PlayQueue) {
  const items = queue.next_up.flatMap((i): QueueTrack[] => {
    const track = asItemTrack(i.track);
    return track ? [{ ...toQueueTrack(track, track.album), entryId: i.entry_id }] : [];
  });
  // Hand-queued local files live only on this device: keep them after the shared items.
  player.setNextUp([...items, ...player.getSnapshot().queue.nextUp.filter((t) => t.localKey)]);
}

/**
 * "Next up" is the same on every device of the user: it lives in the player module on the
 * server, and each tab mirrors it (at start and on every live `player.queue.changed`).
 */
export function startQueueSync() {
  void api('GET /me/player/queue')
    .then(apply)
    .catch(() => {});
  return live.on('player.queue.changed', (message) => apply(message.data as PlayQueue));
}

/** Adds tracks to the shared "next up" (after what is queued), or before it with `first`. */
export async function queueTracks(tracks: QueueTrack[], first = false) {
  const local = tracks.filter((t) => t.localKey);
  if (local.length && first) player.playNext(local);
  else if (local.length) player.addToQueue(local);
  let queue: PlayQueue | undefined;
  const shared = tracks.filter((t) => !t.localKey);
  for (const t of shared) queue = await api('POST /me/player/queue', { query: { uri: `runnel:track:${t.id}` } });
  if (queue && first && shared.length < queue.next_up.length) {
    queue = await api('PUT /me/player/queue', { body: { range_start: queue.next_up.length - shared.length, insert_before: 0, range_length: shared.length } });
  }
  if (queue) apply(queue);
}

/** A shared "next up" item started playing on this device: it leaves the queue everywhere. */
export function nextUpStarted(track: QueueTrack) {
  if (track.entryId) void api('DELETE /me/player/queue/items/:id', { params: { id: track.entryId } }).catch(() => {});
}

/** Removes a "next up" item (shared ones on every device). */
export async function unqueue(index: number) {
  const track = player.getSnapshot().queue.nextUp[index];
  if (!track?.entryId) return player.removeFromQueue(index);
  apply(await api('DELETE /me/player/queue/items/:id', { params: { id: track.entryId } }));
}

/** Moves a "next up" item from one place to another (on every device when it is shared). */
export async function requeue(from: number, to: number) {
  const nextUp = player.getSnapshot().queue.nextUp;
  if (!nextUp[from]?.entryId || !nextUp[to]?.entryId) return player.moveInQueue(from, to);
  apply(await api('PUT /me/player/queue', { body: { range_start: from, insert_before: to > from ? to + 1 : to } }));
}
