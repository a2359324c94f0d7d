import type { AlbumSort, Artist, ArtistSort, Language, SimplifiedAlbum } from '@runnel/api';
import { LRUCache } from 'lru-cache';
import { buildDirectoryTree, type DirectoryTree } from './directories.ts';
import { nameKey } from './keys.ts';
import { page } from '../paging.ts';
import { slice, type createOrderings } from './orderings.ts';
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
  /** A listing's total, counted once until the catalogue changes. */
  cachedTotal: (key: string, count: () => Promise<number>) => Promise<number>;
}

type Paging<T> = ReturnType<typeof page<T>>;

/** Rows in the order of `ids` (rows that vanished since the ids were taken are left out). */
function inOrder<T extends { id: string }>(ids: string[], rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Where an album order's ids are cached: orders by name once per language, the others once. */
const albumOrderKey = (sort: AlbumSort, language: Language) => (/name|artist/.test(sort) ? `albums:${sort}:${language}` : `albums:${sort}`);

/** Where each known page of a track listing ended, so the next page starts with an index step instead of OFFSET. */
const MAX_CURSORS = 10_000;

/**
 * Whole-catalogue listings in the shapes other surfaces page through (Subsonic's album lists,
 * folder browsing and library sync): ordered ids to slice, random picks, directory trees.
 * Anything built from the whole catalogue is kept until the catalogue changes.
 */
export function createListings({ repo, present, orderings, cachedTotal }: Deps) {
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

    /** A page of albums in a sort order (names A–Z in `language`, default English), optionally of one genre. */
    async listAlbums(
      sort: AlbumSort,
      limit: number,
      offset: number,
      { genre, language = 'en' }: { genre?: string; language?: Language } = {},
    ): Promise<Paging<SimplifiedAlbum>> {
      const extra = `&sort=${sort}${genre ? `&genre=${encodeURIComponent(genre)}` : ''}`;
      if (genre) {
        // Per-genre listings are smaller; they page in SQL.
        const id = await genreId(genre);
        if (!id) return page('/api/v1/albums', [], limit, offset, 0, extra);
        const [rows, total] = await Promise.all([repo.listAlbums(sort, language, limit, offset, id), cachedTotal(`albums:${id}`, () => repo.countAlbums(id))]);
        return page('/api/v1/albums', await present.simplifiedAlbums(rows), limit, offset, total, extra);
      }
      const ascending = sort.replace(/^-/, '') as AlbumSort;
      const ids = await orderings.ids(albumOrderKey(ascending, language), () => repo.albumIdsInOrder(ascending, language));
      const wanted = slice(ids, offset, limit, sort.startsWith('-'));
      return page('/api/v1/albums', await present.simplifiedAlbums(inOrder(wanted, await repo.albumsByIds(wanted))), limit, offset, ids.length, extra);
    },

    /** A page of the artists, A–Z (or Z–A) in `language` (default English). */
    async listArtists(sort: ArtistSort, limit: number, offset: number, language: Language = 'en'): Promise<Paging<Artist>> {
      const ids = await orderings.ids(`artists:name:${language}`, () => repo.artistIdsInOrder(language));
      const wanted = slice(ids, offset, limit, sort === '-name');
      return page('/api/v1/artists', await present.artists(inOrder(wanted, await repo.artistsByIds(wanted))), limit, offset, ids.length, `&sort=${sort}`);
    },

    /** Every listed album's id in an order, names A–Z in `language` (default English; shared and cached: do not modify). */
    albumIds: (sort: 'name' | 'artist' | 'added', language: Language = 'en'): Promise<readonly string[]> =>
      orderings.ids(albumOrderKey(sort, language), () => repo.albumIdsInOrder(sort, language)),

    /** Albums released from `from` to `to`, then A–Z in `language`; a reversed range (2010 to 2000) lists the newest first. */
    albumIdsByYear: (from: number, to: number, language: Language = 'en') => repo.albumIdsByYear(Math.min(from, to), Math.max(from, to), from > to, language),

    /** Albums with a track of the genre (any case), A–Z in `language`. */
    async albumIdsOfGenre(genre: string, language: Language = 'en'): Promise<string[]> {
      const id = await genreId(genre);
      return id ? repo.albumIdsOfGenre(id, language) : [];
    },

    /** The albums with music in a music folder (cached: do not modify). */
    albumIdsOfFolder: (folderId: string): Promise<readonly string[]> => orderings.ids(`folder-albums:${folderId}`, () => repo.albumIdsOfFolder(folderId)),

    /** Up to `count` distinct albums picked at random, optionally only among `among`. */
    async randomAlbumIds(count: number, among?: ReadonlySet<string>): Promise<string[]> {
      const all = await listings.albumIds('added', 'en');
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
