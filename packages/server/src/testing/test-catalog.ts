import type { CatalogObject } from '@runnel/api';
import type { CatalogLookup, TrackObject } from '../track-lookup.ts';

/**
 * A tiny, fixed catalogue (64 tracks on 8 albums by 4 artists) behind the CatalogLookup
 * boundary. It stands in for the catalog module until the two are wired together; it is
 * not a mock of the catalog module, only the other side of this boundary.
 */
export const TEST_ARTIST_IDS = ['tart0', 'tart1', 'tart2', 'tart3'];
export const TEST_ALBUM_IDS = Array.from({ length: 8 }, (_, i) => `talb${i}`);
export const TEST_TRACK_IDS = Array.from({ length: 64 }, (_, i) => `ttrk${String(i).padStart(2, '0')}`);

const artist = (i: number): CatalogObject => ({
  id: `tart${i}`,
  type: 'artist',
  name: `Test Artist ${i}`,
  uri: `runnel:artist:tart${i}`,
  href: `/api/v1/artists/tart${i}`,
});
const album = (i: number): CatalogObject => ({
  id: `talb${i}`,
  type: 'album',
  name: `Test Album ${i}`,
  uri: `runnel:album:talb${i}`,
  href: `/api/v1/albums/talb${i}`,
  artists: [artist(i % 4)],
  total_tracks: 8,
});
const track = (i: number): TrackObject => ({
  id: TEST_TRACK_IDS[i]!,
  type: 'track',
  name: `Test Track ${i}`,
  uri: `runnel:track:${TEST_TRACK_IDS[i]}`,
  href: `/api/v1/tracks/${TEST_TRACK_IDS[i]}`,
  duration_ms: 180_000 + i * 1000,
  track_number: (i % 8) + 1,
  album: album(Math.floor(i / 8)),
  artists: [artist(Math.floor(i / 8) % 4)],
  is_local: false,
});

const byId = <T extends CatalogObject>(list: T[]) => new Map(list.map((o) => [o.id as string, o]));
const tracks = byId(TEST_TRACK_IDS.map((_, i) => track(i)));
const albums = byId(TEST_ALBUM_IDS.map((_, i) => album(i)));
const artists = byId(TEST_ARTIST_IDS.map((_, i) => artist(i)));

const pick = <T>(table: Map<string, T>, ids: string[]) => {
  const found = new Map<string, T>();
  for (const id of ids) {
    const row = table.get(id);
    if (row) found.set(id, row);
  }
  return found;
};

/** The fixed test catalogue as a CatalogLookup. */
export function testCatalog(): CatalogLookup {
  return {
    tracks: async (ids) => pick(tracks, ids),
    albums: async (ids) => pick(albums, ids),
    artists: async (ids) => pick(artists, ids),
  };
}
