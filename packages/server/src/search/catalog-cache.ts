import { unscoped } from '../viewer-scope.ts';
import { LRUCache } from 'lru-cache';
import type { EventBus } from '../events/bus.ts';
import type { CatalogDetails } from './routes.ts';

/** Rows one store keeps (a few pages of results per person); the least recently used go first. */
const CAPACITY = 20_000;

/**
 * The catalogue rows that complete track and album hits (ids, duration, covers), kept for
 * recent results so most keystrokes read nothing from the database. Any catalogue change
 * (`catalog.changed`) empties it: renaming an artist changes the rows of all its tracks,
 * and changes are rare next to keystrokes. A read that raced a change is used once, not kept.
 */
export function cachedCatalogDetails(catalog: CatalogDetails, events: EventBus, capacity = CAPACITY): { details: CatalogDetails; close: () => void } {
  type TrackRow = Awaited<ReturnType<CatalogDetails['tracks']>>[number];
  type AlbumRow = Awaited<ReturnType<CatalogDetails['albums']>>[number];
  // Rows are boxed: a row is null for an id the catalogue no longer has, and lru-cache keeps no nulls.
  const tracks = new LRUCache<string, { row: TrackRow }>({ max: capacity });
  const albums = new LRUCache<string, { row: AlbumRow }>({ max: capacity });
  let generation = 0;
  const close = events.subscribe((event) => {
    if (event.type !== 'catalog.changed') return;
    generation++;
    tracks.clear();
    albums.clear();
  });

  function cached<Row>(store: LRUCache<string, { row: Row }>, read: (ids: string[]) => Promise<Row[]>) {
    return async (ids: string[]): Promise<Row[]> => {
      const found = new Map<string, Row>();
      const missing: string[] = [];
      for (const id of ids) {
        const hit = store.get(id);
        if (hit) found.set(id, hit.row);
        else missing.push(id);
      }
      if (missing.length) {
        const before = generation;
        // Read as everyone sees them, so what one viewer may not see is not cached as missing for all (search narrows hits before).
        const rows = await unscoped(() => read(missing));
        missing.forEach((id, i) => {
          found.set(id, rows[i]!);
          if (generation === before) store.set(id, { row: rows[i]! });
        });
      }
      return ids.map((id) => found.get(id)!);
    };
  }

  return { details: { tracks: cached(tracks, (ids) => catalog.tracks(ids)), albums: cached(albums, (ids) => catalog.albums(ids)) }, close };
}
