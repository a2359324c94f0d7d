import type { SimplifiedAlbum } from '@runnel/api';
import { LRUCache } from 'lru-cache';
import { buildDirectoryTree, type DirectoryTree } from './directories.ts';
import { nameKey } from './keys.ts';
import type { createOrderings } from './orderings.ts';
import type { createPresenter } from './present.ts';
import type { CatalogRepository, TrackFilter } from './repository.ts';

/** An album without its track page: what album lists show. */
export type AlbumSummary = SimplifiedAlbum & { genres: string[]; musicbrainz_id: string | null };

/** Track listings filter by genre name (unknown genre: nothing), year range and music folder. */
export interface TrackListing {
  genre?: string;
  fromYear?: number;
  toYear?: number;
  folderId?: string;
}

interface Deps {
  repo: CatalogRepository;
  present: ReturnType<typeof createPresenter>;
  orderings: ReturnType<typeof createOrderings>;
}

/** Where each known page of a track listing ended, so the next page starts with an index step instead of OFFSET. */
const MAX_CURSORS = 10_000;

/**
 * Whole-catalogue listings in the shapes other surfaces page through (Subsonic's album lists,
 * folder browsing and library sync): ordered ids to slice, random picks, directory trees.
 * Anything built from the whole catalogue is kept until the catalogue changes.
 */
export function createListings({ repo, present, orderings }: Deps) {
  const genreId = async (name: string) => (await repo.genreByName(nameKey(name)))?.id;

  async function trackFilter(listing: TrackListing): Promise<TrackFilter | undefined> {
    const filter: TrackFilter = { fromYear: listing.fromYear, toYear: listing.toYear, folderId: listing.folderId };
    if (listing.genre !== undefined) {
      filter.genreId = await genreId(listing.genre);
      if (!filter.genreId) return undefined;
    }
    return filter;
  }

  const listings = {
    /** Albums by id, in the order asked, without their tracks; unknown ids are left out. */
    async albumSummaries(ids: string[]): Promise<AlbumSummary[]> {
      if (!ids.length) return [];
      const rows = await repo.albumsByIds([...new Set(ids)]);
      const [albums, genres] = await Promise.all([present.simplifiedAlbums(rows), repo.genresOfAlbums(rows.map((r) => r.id))]);
      const genresOf = new Map<string, string[]>();
      for (const g of genres) genresOf.set(g.owner, [...(genresOf.get(g.owner) ?? []), g.name]);
      const mbid = new Map(rows.map((r) => [r.id, r.mbid]));
      const byId = new Map(albums.map((a) => [a.id, { ...a, genres: (genresOf.get(a.id) ?? []).sort(), musicbrainz_id: mbid.get(a.id) ?? null }]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    /** Every listed album's id in an order (shared and cached: do not modify). */
    albumIds: (sort: 'name' | 'artist' | 'added'): Promise<readonly string[]> => orderings.ids(`albums:${sort}`, () => repo.albumIdsInOrder(sort)),

    /** Albums released from `from` to `to`; a reversed range (2010 to 2000) lists the newest first. */
    albumIdsByYear: (from: number, to: number) => repo.albumIdsByYear(Math.min(from, to), Math.max(from, to), from > to),

    /** Albums with a track of the genre (any case), A–Z. */
    async albumIdsOfGenre(genre: string): Promise<string[]> {
      const id = await genreId(genre);
      return id ? repo.albumIdsOfGenre(id) : [];
    },

    /** The albums with music in a music folder (cached: do not modify). */
    albumIdsOfFolder: (folderId: string): Promise<readonly string[]> => orderings.ids(`folder-albums:${folderId}`, () => repo.albumIdsOfFolder(folderId)),

    /** Up to `count` distinct albums picked at random, optionally only among `among`. */
    async randomAlbumIds(count: number, among?: ReadonlySet<string>): Promise<string[]> {
      const all = await listings.albumIds('name');
      const pool = among ? all.filter((id) => among.has(id)) : [...all];
      // A partial Fisher–Yates shuffle: only the picked positions are touched.
      const picks = Math.min(count, pool.length);
      for (let i = 0; i < picks; i++) {
        const j = i + Math.floor(Math.random() * (pool.length - i));
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      }
      return pool.slice(0, picks);
    },

    /** The album of each of these tracks (present ones). */
    albumIdsOfTracks: async (trackIds: string[]): Promise<Map<string, string>> =>
      new Map((await repo.albumIdsOfTracks([...new Set(trackIds)])).map((r) => [r.id, r.album_id])),

    /** Up to `count` tracks picked at random among those matching. */
    async randomTrackIds(count: number, listing: TrackListing = {}): Promise<string[]> {
      const filter = await trackFilter(listing);
      return filter ? repo.randomTrackIds(count, filter) : [];
    },

    /**
     * A page of every matching track, in a stable order (by id). Paging straight through
     * (offset 0, then where the last page ended, …) costs an index step per page however deep.
     */
    async trackIds(offset: number, limit: number, listing: TrackListing = {}): Promise<string[]> {
      const filter = await trackFilter(listing);
      if (!filter || limit <= 0) return [];
      const cursors = await orderings.value('track-cursors', async () => new LRUCache<string, string>({ max: MAX_CURSORS }));
      const key = JSON.stringify([filter.genreId, filter.fromYear, filter.toYear, filter.folderId]);
      const after = offset === 0 ? undefined : cursors.get(`${key}@${offset}`);
      const ids = await repo.trackIdsInOrder(limit, offset === 0 ? { offset: 0 } : after ? { after } : { offset }, filter);
      if (ids.length === limit) {
        cursors.set(`${key}@${offset + limit}`, ids.at(-1)!);
      }
      return ids;
    },

    /** The directory tree of a music folder, from its tracks' paths (cached until the catalogue changes). */
    directoryTree: (folderId: string, root: string): Promise<DirectoryTree> =>
      orderings.value(`tree:${folderId}:${root}`, async () => buildDirectoryTree(root, await repo.folderTreeRows(folderId))),
  };
  return listings;
}
