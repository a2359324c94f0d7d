import type { CatalogObject } from '@runnel/api';

/**
 * The boundary between the modules that refer to music (collection, playlists, player) and
 * the catalogue that owns it. These modules store only ids and ask the catalogue for the
 * Spotify-shaped JSON when they answer; they never read the catalogue's tables.
 *
 * `tracks(ids)` returns the tracks that exist, keyed by id; an id missing from the map is
 * unknown (adding it to a playlist or the collection is refused). Albums and artists follow
 * the same contract for saved albums, followed artists and play-queue contexts.
 */
export interface TrackLookup {
  tracks(ids: string[]): Promise<Map<string, TrackObject>>;
  /** Durations (ms) of the tracks that exist, keyed by id: a cheaper `tracks` for adds. */
  durations?(ids: string[]): Promise<Map<string, number>>;
}

export interface AlbumLookup {
  albums(ids: string[]): Promise<Map<string, CatalogObject>>;
}

export interface ArtistLookup {
  artists(ids: string[]): Promise<Map<string, CatalogObject>>;
}

/** Everything the referring modules need from the catalogue. */
export type CatalogLookup = TrackLookup & AlbumLookup & ArtistLookup;

/** A Spotify-shaped track; opaque here apart from `id`. */
export type TrackObject = CatalogObject;

/** The catalog module as seen through this boundary: its presented objects, keyed by id. */
export function catalogLookup(catalog: {
  tracks(ids: string[]): Promise<(CatalogObject | null)[]>;
  trackDurations(ids: string[]): Promise<Map<string, number>>;
  albums(ids: string[]): Promise<(CatalogObject | null)[]>;
  artists(ids: string[]): Promise<(CatalogObject | null)[]>;
}): CatalogLookup {
  const keyed = async (found: Promise<(CatalogObject | null)[]>) => {
    const map = new Map<string, CatalogObject>();
    for (const object of await found) if (object?.id) map.set(object.id, object);
    return map;
  };
  return {
    tracks: (ids) => keyed(catalog.tracks(ids)),
    durations: (ids) => catalog.trackDurations(ids),
    albums: (ids) => keyed(catalog.albums(ids)),
    artists: (ids) => keyed(catalog.artists(ids)),
  };
}
