import type { EventBus } from '../events/bus.ts';
import type { CatalogDetails } from './routes.ts';

/** More rows than this in one store and it starts over (a few pages of results per person). */
const CAPACITY = 20_000;

/**
 * The catalogue rows that complete track and album hits (ids, duration, covers), kept for
 * recent results so most keystrokes read nothing from the database. Any catalogue change
 * (`catalog.changed`) empties it: renaming an artist changes the rows of all its tracks,
 * and changes are rare next to keystrokes. A read that raced a change is used once, not kept.
 */
export function cachedCatalogDetails(catalog: CatalogDetails, events: EventBus): { details: CatalogDetails; close: () => void } {
  type TrackRow = Awaited<ReturnType<CatalogDetails['tracks']>>[number];
  type AlbumRow = Awaited<ReturnType<CatalogDetails['albums']>>[number];
  const tracks = new Map<string, TrackRow>();
  const albums = new Map<string, AlbumRow>();
  let generation = 0;
  const close = events.subscribe((event) => {
    if (event.type !== 'catalog.changed') return;
    generation++;
    tracks.clear();
    albums.clear();
  });

  function cached<Row>(store: Map<string, Row>, read: (ids: string[]) => Promise<Row[]>) {
    return async (ids: string[]): Promise<Row[]> => {
      const found = new Map<string, Row>();
      const missing: string[] = [];
      for (const id of ids) {
        if (store.has(id)) found.set(id, store.get(id)!);
        else missing.push(id);
      }
      if (missing.length) {
        const before = generation;
        const rows = await read(missing);
        if (store.size + missing.length > CAPACITY) store.clear();
        missing.forEach((id, i) => {
          found.set(id, rows[i]!);
          if (generation === before) store.set(id, rows[i]!);
        });
      }
      return ids.map((id) => found.get(id)!);
    };
  }

  return { details: { tracks: cached(tracks, (ids) => catalog.tracks(ids)), albums: cached(albums, (ids) => catalog.albums(ids)) }, close };
}
