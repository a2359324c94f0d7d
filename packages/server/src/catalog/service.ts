import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Album, Artist, Language, SimplifiedTrack, Track } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { page } from '../paging.ts';
import { notFound } from '../errors.ts';
import type { EventBus } from '../events/bus.ts';
import { catalogGains } from './gains.ts';
import { createArtworkStore } from './artwork.ts';
import { openRaster, type RasterMime } from './raster.ts';
import { nameKey } from './keys.ts';
import { scopeKey } from './scope.ts';
import { createOrderings } from './orderings.ts';
import { createPresenter } from './present.ts';
import { createReconciler, type ReconcileResult } from './reconcile.ts';
import { createListings } from './listings.ts';
import { createCatalogRepository } from './repository.ts';
import type { ArtworkInput, CatalogChange, KnownFile, ScannedFile, SearchDocument, TrackFile } from './types.ts';

export interface CatalogDeps {
  db: Db;
  events: EventBus;
  /** Data folder: embedded artwork and thumbnails are kept under `artwork/`. */
  dataDir: string;
  /** The time now (ms since the epoch): when artwork and catalogue rows were made. */
  now: () => number;
}

type Paging<T> = ReturnType<typeof page<T>>;

const isEmpty = (change: CatalogChange) =>
  [change.added, change.changed, change.removed].every((g) => !g.tracks.length && !g.albums.length && !g.artists.length);

/**
 * The catalogue: artists, albums, tracks, genres and artwork with stable ids. Reads for the
 * API and other modules; writes only through `reconcile`/`remove` (called by the library
 * scanner), each of which publishes `catalog.changed` with the ids it touched.
 */
export function createCatalog({ db, events, dataDir, now }: CatalogDeps) {
  const repo = createCatalogRepository(db);
  const present = createPresenter(repo);
  const reconciler = createReconciler(db, now);
  const artwork = createArtworkStore(dataDir);
  // Listing totals cost a count over the whole table; they only change when the catalogue does.
  const totals = new Map<string, number>();
  const orderings = createOrderings();
  const cachedTotal = async (name: string, count: () => Promise<number>) => {
    const key = `${name}|${scopeKey()}`;
    const hit = totals.get(key);
    if (hit !== undefined) return hit;
    const n = await count();
    totals.set(key, n);
    return n;
  };
  const forget = () => {
    totals.clear();
    orderings.invalidate();
  };
  // Another node's scan changes the catalogue too: its `catalog.changed` comes on the bus.
  events.subscribe((event) => {
    if (event.type === 'catalog.changed') forget();
  });

  async function published(result: ReconcileResult): Promise<ReconcileResult> {
    if (!isEmpty(result.change)) {
      forget();
      // For other modules (search, discovery); kept off the live channel (`users: []`) since a
      // big scan produces thousands of ids. Browsers get the summary `library.scanned` instead.
      await events.publish({ type: 'catalog.changed', data: result.change, users: [] });
    }
    return result;
  }

  async function ordered<T extends { id: string }>(ids: string[], load: (ids: string[]) => Promise<T[]>): Promise<(T | null)[]> {
    const byId = new Map((await load([...new Set(ids)])).map((item) => [item.id, item]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  const listings = createListings({ repo, present, orderings, cachedTotal });
  const catalog = {
    artwork,

    // ---- writes (the library scanner) ----
    /** Upserts scanned files with identity matching; see reconcile.ts. */
    reconcile: async (files: ScannedFile[], vanished: Set<string>) => published(await reconciler.reconcile(files, vanished)),
    /** Marks the tracks at these paths removed. */
    remove: async (paths: string[]) => published(await reconciler.remove(paths)),
    ...catalogGains(db, events, forget),
    refreshAll: () => reconciler.refreshAll().then(forget),
    /** Present tracks of a music folder, optionally only under some paths (a file or a directory each). */
    async knownFiles(folderId: string, under?: string[]): Promise<KnownFile[]> {
      let query = db.selectFrom('tracks').select(['path', 'size', 'mtime_ms']).where('folder_id', '=', folderId).where('removed_at', 'is', null);
      if (under) {
        if (!under.length) return [];
        query = query.where((eb) => eb.or(under.flatMap((p) => [eb('path', '=', p), eb(sql<string>`substr(path, 1, ${p.length + 1})`, '=', `${p}/`)])));
      }
      const rows = await query.execute();
      return rows.map((r) => ({ path: r.path, size: Number(r.size), mtimeMs: Number(r.mtime_ms) }));
    },
    /** Folders whose tracks are all gone from the configuration: every track under it is removed. */
    async removeFolder(folderId: string) {
      const rows = await db.selectFrom('tracks').select('path').where('folder_id', '=', folderId).where('removed_at', 'is', null).execute();
      return catalog.remove(rows.map((r) => r.path));
    },
    /** For the artwork phase: each album's embedded image (if any) and the path of its first track. */
    async artworkTargets(albumIds: string[]) {
      if (!albumIds.length) return [];
      const rows = await db
        .selectFrom('tracks')
        .select(['album_id', 'path', 'image_id', 'folder_id'])
        .where('album_id', 'in', albumIds)
        .where('removed_at', 'is', null)
        .orderBy('album_id')
        .orderBy('disc_number')
        .orderBy('track_number')
        .execute();
      const out = new Map<string, { albumId: string; embeddedImageId: string | null; firstTrackPath: string; folderId: string }>();
      for (const row of rows) {
        const current = out.get(row.album_id);
        if (!current) out.set(row.album_id, { albumId: row.album_id, embeddedImageId: row.image_id, firstTrackPath: row.path, folderId: row.folder_id });
        else if (!current.embeddedImageId && row.image_id) current.embeddedImageId = row.image_id;
      }
      return [...out.values()];
    },
    /** Registers folder pictures and makes each its album's (and, where they have none, its artists') image; one transaction. */
    async setAlbumImages(images: { albumId: string; image: ArtworkInput }[]) {
      if (!images.length) return;
      const t = now();
      await db.transaction().execute(async (trx) => {
        for (const { albumId, image } of images) {
          await trx
            .insertInto('artwork')
            .values({ ...image, created_at: t })
            .onConflict((oc) => oc.column('id').doUpdateSet({ path: image.path }))
            .execute();
          await trx.updateTable('albums').set({ image_id: image.id }).where('id', '=', albumId).execute();
          const artists = trx.selectFrom('album_artists').select('artist_id').where('album_id', '=', albumId);
          await trx.updateTable('artists').set({ image_id: image.id }).where('id', 'in', artists).where('image_id', 'is', null).execute();
        }
      });
    },

    // ---- reads for the API ----
    async track(id: string): Promise<Track> {
      const [track] = await catalog.tracks([id]);
      if (!track) throw notFound('Track', 'track_not_found');
      return track;
    },
    /** Track objects in the order asked; null where an id is unknown or its file is gone. */
    tracks: async (ids: string[]): Promise<(Track | null)[]> => ordered(ids, async (part) => present.tracks(await repo.tracksByIds(part))),
    async album(id: string): Promise<Album> {
      const [album] = await catalog.albums([id]);
      if (!album) throw notFound('Album', 'album_not_found');
      return album;
    },
    albums: async (ids: string[]): Promise<(Album | null)[]> => ordered(ids, async (part) => present.albums(await repo.albumsByIds(part), 50)),
    async albumTracks(id: string, limit: number, offset: number): Promise<Paging<SimplifiedTrack>> {
      const [row] = await repo.albumsByIds([id]);
      if (!row) throw notFound('Album', 'album_not_found');
      const items = await present.simplifiedTracks(await repo.tracksOfAlbum(id, limit, offset));
      return page(`/api/v1/albums/${id}/tracks`, items, limit, offset, row.track_count);
    },
    async artist(id: string): Promise<Artist> {
      const [artist] = await catalog.artists([id]);
      if (!artist) throw notFound('Artist', 'artist_not_found');
      return artist;
    },
    artists: async (ids: string[]): Promise<(Artist | null)[]> => ordered(ids, async (part) => present.artists(await repo.artistsByIds(part))),
    /** The artist of this name (as the catalogue groups names), if any. */
    artistIdByName: async (name: string): Promise<string | undefined> => (await repo.artistByName(nameKey(name)))?.id,
    /** Every present track the artist plays on, in no particular order. */
    artistTrackIds: (artistId: string): Promise<string[]> => repo.trackIdsOfArtist(artistId),
    /** An artist's albums, newest first, then A–Z in `language` (default English). */
    async artistAlbums(id: string, groups: Set<'album' | 'appears_on'>, limit: number, offset: number, language: Language = 'en') {
      await catalog.artist(id);
      const { rows, total, ownIds } = await repo.albumsOfArtist(id, groups, language, limit, offset);
      const items = (await present.simplifiedAlbums(rows)).map((a) => ({ ...a, album_group: ownIds.has(a.id) ? ('album' as const) : ('appears_on' as const) }));
      return page(`/api/v1/artists/${id}/albums`, items, limit, offset, total, `&include_groups=${[...groups].join(',')}`);
    },
    async genres(limit: number, offset: number) {
      const [rows, total] = await Promise.all([repo.listGenres(limit, offset), cachedTotal('genres', repo.countGenres)]);
      const items = rows.map((r) => ({ id: r.id, name: r.name, track_count: Number(r.track_count), album_count: Number(r.album_count) }));
      return page('/api/v1/genres', items, limit, offset, total);
    },
    /** Whole-catalogue listings: A–Z pages in a language, and what other surfaces (Subsonic) page through; see listings.ts. */
    ...listings,
    newReleases: (limit: number, offset: number) => listings.listAlbums('-added', limit, offset),
    /**
     * The bytes to send for an image: the original, or a cached thumbnail of `size`, with the
     * content type their bytes are (never the type stored with the row). Only raster images
     * are served; anything else is image_not_raster.
     */
    async image(id: string, size?: number): Promise<{ stream: Readable; mime: RasterMime }> {
      const row = (await repo.artworkInScope(id)) ? await repo.artwork(id) : undefined;
      // A cover file can vanish from a music folder before the next scan notices.
      const original = row ? await openRaster(row.path) : null;
      if (!row || !original) throw notFound('Image', 'image_not_found');
      if (!size) return { stream: original.handle.createReadStream({ start: 0 }), mime: original.mime };
      await original.handle.close();
      let thumbnail: Awaited<ReturnType<typeof openRaster>>;
      try {
        thumbnail = await openRaster(await artwork.thumbnail(id, row.path, size));
      } catch {
        throw notFound('Image', 'image_not_found');
      }
      if (!thumbnail) throw notFound('Image', 'image_not_found');
      return { stream: thumbnail.handle.createReadStream({ start: 0 }), mime: thumbnail.mime };
    },

    /** A present track's lyrics as read from its tags (null: none). */
    async lyrics(trackId: string): Promise<string | null> {
      const [row] = await repo.tracksByIds([trackId]);
      if (!row) throw notFound('Track', 'track_not_found');
      return row.lyrics === '' ? null : row.lyrics;
    },

    /**
     * The artwork id that stands for an album, an artist or a track (its album's picture, else
     * its own embedded one); undefined when there is none or the id is unknown.
     */
    async imageIdOf(kind: 'album' | 'artist' | 'track', id: string): Promise<string | undefined> {
      if (kind === 'album') return (await repo.albumsByIds([id]))[0]?.image_id ?? undefined;
      if (kind === 'artist') return (await repo.artistsByIds([id]))[0]?.image_id ?? undefined;
      const [track] = await repo.tracksByIds([id]);
      if (!track) return undefined;
      return (await repo.albumsByIds([track.album_id]))[0]?.image_id ?? track.image_id ?? undefined;
    },

    /** The track row at a path, removed or not (tests and diagnostics). */
    trackByPath: (path: string) => repo.trackByPath(path),

    // ---- for other modules ----
    /** Streaming: where a track's bytes are and what they are. */
    async trackFile(trackId: string): Promise<TrackFile | undefined> {
      const row = await repo.trackFile(trackId);
      if (!row) return undefined;
      return {
        path: row.path,
        size: Number(row.size),
        mtimeMs: Number(row.mtime_ms),
        codec: row.codec,
        container: row.container,
        suffix: row.suffix,
        bitrate: row.bitrate,
        durationMs: row.duration_ms,
      };
    },
    /** Where present tracks' files are (music folder, path) and when Runnel first saw them (Subsonic's `path`, `created`). */
    async trackPlaces(ids: string[]): Promise<Map<string, { folderId: string; path: string; createdAt: number }>> {
      const rows = ids.length ? await repo.tracksByIds([...new Set(ids)]) : [];
      return new Map(rows.map((r) => [r.id, { folderId: r.folder_id, path: r.path, createdAt: Number(r.created_at) }]));
    },
    /** Playlists: the duration of each of these ids that is a present track (one indexed read, nothing presented). */
    async trackDurations(ids: string[]): Promise<Map<string, number>> {
      const rows = ids.length ? await repo.trackDurations([...new Set(ids)]) : [];
      return new Map(rows.map((r) => [r.id, Number(r.duration_ms)]));
    },
    /** Playlists: which of these ids are playable tracks. */
    tracksExist: (ids: string[]) => repo.existingTrackIds(ids),
    /** Search: every id of a kind, in batches, for a full index rebuild. */
    async *allIds(kind: 'track' | 'album' | 'artist'): AsyncIterable<string[]> {
      const table = kind === 'track' ? 'tracks' : kind === 'album' ? 'albums' : 'artists';
      for (let after = ''; ;) {
        const ids = await repo.idsAfter(table, after, 1000);
        if (!ids.length) return;
        yield ids;
        after = ids.at(-1)!;
      }
    },
    /** Search: flat documents for tracks, albums and artists with these ids (unknown or removed ids are left out). */
    async searchDocuments(ids: string[]): Promise<SearchDocument[]> {
      const [tracks, albums, artists] = await Promise.all([repo.tracksByIds(ids), repo.albumsByIds(ids), repo.artistsByIds(ids)]);
      const albumNames = new Map((await repo.albumsByIds([...new Set(tracks.map((t) => t.album_id))])).map((a) => [a.id, a.name]));
      // Artist lists from the links, in billing order: the display strings cannot be split
      // back ("Earth, Wind & Fire" is one artist).
      const namesOf = (rows: { owner: string; name: string }[]) => {
        const names = new Map<string, string[]>();
        for (const row of rows) names.set(row.owner, [...(names.get(row.owner) ?? []), row.name]);
        return names;
      };
      const [trackArtists, albumArtists] = await Promise.all([
        tracks.length ? repo.artistsOfTracks(tracks.map((t) => t.id)).then(namesOf) : new Map<string, string[]>(),
        albums.length ? repo.artistsOfAlbums(albums.map((a) => a.id)).then(namesOf) : new Map<string, string[]>(),
      ]);
      const docs: SearchDocument[] = [];
      for (const t of tracks) {
        docs.push({
          id: t.id,
          kind: 'track',
          title: t.name,
          artists: trackArtists.get(t.id) ?? [],
          album: albumNames.get(t.album_id) ?? null,
          genres: JSON.parse(t.genre_names) as string[],
          year: t.year,
        });
      }
      const albumGenres = new Map<string, string[]>();
      for (const g of await repo.genresOfAlbums(albums.map((a) => a.id))) albumGenres.set(g.owner, [...(albumGenres.get(g.owner) ?? []), g.name]);
      for (const a of albums)
        docs.push({
          id: a.id,
          kind: 'album',
          title: a.name,
          artists: albumArtists.get(a.id) ?? [],
          album: a.name,
          genres: albumGenres.get(a.id) ?? [],
          year: a.year,
        });
      for (const a of artists)
        docs.push({ id: a.id, kind: 'artist', title: a.name, artists: [a.name], album: null, genres: JSON.parse(a.genre_names) as string[], year: null });
      return docs;
    },
  };
  return catalog;
}

export type Catalog = ReturnType<typeof createCatalog>;
