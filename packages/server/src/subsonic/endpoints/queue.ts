import type { Track } from '@runnel/api';
import type { Endpoints } from '../endpoint.ts';
import { invalid } from '../errors.ts';
import { songs } from '../map.ts';

/**
 * The play queue for resuming on another device, on the player module's queue: `current`
 * is what is playing (at `position` ms), the songs after it are "next up" — the same queue
 * the web player shows. Songs an app saved before `current` come back as it saved them
 * until the queue changes elsewhere (the web player shows what is next, not what was).
 */

const TRACK = 'runnel:track:';
const trackUri = (id: string) => `${TRACK}${id}`;

export const queueEndpoints: Endpoints = {
  getPlayQueue: {
    async handle(call) {
      const { queue, playedBefore, progressMs, changedBy, changedAt } = await call.services.player.resumePoint(call.user.id);
      const uris = [...playedBefore, queue.currently_playing, ...queue.next_up.map((i) => i.uri)].filter((u): u is string => u !== null && u.startsWith(TRACK));
      // Nothing saved: an empty response, as the spec says.
      if (!uris.length) return undefined;
      const tracks = (await call.services.catalog.tracks(uris.map((u) => u.slice(TRACK.length)))).filter((t): t is Track => t !== null);
      const current = queue.currently_playing?.startsWith(TRACK) ? queue.currently_playing.slice(TRACK.length) : undefined;
      return {
        playQueue: {
          current,
          position: current ? progressMs : undefined,
          username: call.user.username,
          changed: new Date(changedAt).toISOString(),
          changedBy: changedBy ?? 'Runnel',
          entry: await songs(call, tracks),
        },
      };
    },
  },

  // No id: the queue is emptied.
  savePlayQueue: {
    async handle(call) {
      const ids = call.params.all('id');
      const current = call.params.get('current') || undefined;
      if (current !== undefined && !ids.includes(current)) throw invalid('current', 'must be one of the ids');
      const position = call.params.int('position', { min: 0, fallback: 0 })!;
      await call.services.player.saveQueue(call.user.id, {
        uris: ids.map(trackUri),
        current: current === undefined ? undefined : trackUri(current),
        progressMs: position,
        changedBy: call.params.get('c') ?? null,
      });
    },
  },
};
