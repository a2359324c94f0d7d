import type { Catalog } from '../catalog/service.ts';
import { notFound } from '../errors.ts';
import type { Playlists } from '../playlists/service.ts';

/** Most tracks a device is sent for one context (a device's list holds 1000). */
const MOST = 1000;
const PAGE = 100;

/**
 * The catalogue tracks of a context, in order, as a device plays them: an album's, the
 * playlist's (one the user may see; local files stay on the device that has them, so they
 * are left out) or an artist's. Sent with `play` so no device has to resolve a context.
 */
export function contextTracks(catalog: Pick<Catalog, 'albumTracks' | 'artistTrackIds'>, playlists: Pick<Playlists, 'items'>) {
  return async (userId: string, contextUri: string): Promise<string[]> => {
    const [, type, id] = contextUri.split(':') as [string, string, string];
    const ids: string[] = [];
    if (type === 'album') {
      for (let offset = 0; ids.length < MOST; offset += PAGE) {
        const page = await catalog.albumTracks(id, PAGE, offset);
        ids.push(...page.items.map((t) => t.id));
        if (page.items.length < PAGE) break;
      }
    } else if (type === 'playlist') {
      for (let offset = 0; ids.length < MOST; offset += PAGE) {
        const page = await playlists.items(id, userId, PAGE, offset);
        for (const { is_local, track } of page.items) if (!is_local && track && 'type' in track && track.type === 'track' && track.id) ids.push(track.id);
        if (page.items.length < PAGE) break;
      }
    } else if (type === 'artist') {
      ids.push(...(await catalog.artistTrackIds(id)));
    } else throw notFound(`Context ${contextUri}`, 'context_not_found');
    return ids.slice(0, MOST).map((trackId) => `runnel:track:${trackId}`);
  };
}
