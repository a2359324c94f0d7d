import { sql, type Transaction } from 'kysely';
import { chunks, IN_CHUNK } from '../db/chunks.ts';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { albumArtistsOfAlbums, classify, refreshAlbums, refreshArtists } from './aggregates.ts';
import { nameKey } from './keys.ts';
import { createNameIds, INSERT_CHUNK, type WantedArtists } from './name-ids.ts';
import type { TracksTable } from './tables.ts';
import { albumArtistsOf, dedupe, trackArtistsOf, trackRow } from './track-row.ts';
import type { CatalogChange, ReconcileCounts, ScannedFile } from './types.ts';

type Trx = Transaction<Database>;

export interface ReconcileResult {
  counts: ReconcileCounts;
  change: CatalogChange;
  /** Track id for each file path of the batch. */
  trackIds: Map<string, string>;
  /** Albums whose tracks changed (the artwork phase looks at these). */
  albums: string[];
}

/**
 * The catalogue's write path. Identity rules, in order: the same path is the same track
 * (so an edited tag updates it); a new path whose content hash equals a track whose file
 * vanished (in this scan, or earlier: `removed_at`) is that track, moved; anything else is
 * new. A vanished file's row is only marked removed, so its id, and every row in other
 * modules that points at it, survive until the file comes back.
 */
export function createReconciler(db: Db, now: () => number) {
  const names = createNameIds();

  async function batch(trx: Trx, files: ScannedFile[], vanished: Set<string>): Promise<ReconcileResult> {
    const t = now();
    const counts: ReconcileCounts = { added: 0, updated: 0, moved: 0, removed: 0 };
    const addedArtists = new Set<string>();
    const addedAlbums = new Set<string>();
    const change: CatalogChange = {
      added: { tracks: [], albums: [], artists: [] },
      changed: { tracks: [], albums: [], artists: [] },
      removed: { tracks: [], albums: [], artists: [] },
    };

    // Who is who: by path, then by content for new paths.
    const byPath = new Map<string, { id: string; album_id: string; removed_at: number | null }>();
    for (const part of chunks(
      files.map((f) => f.path),
      IN_CHUNK,
    )) {
      const rows = await trx.selectFrom('tracks').select(['id', 'path', 'album_id', 'removed_at']).where('path', 'in', part).execute();
      for (const row of rows) byPath.set(row.path, row);
    }
    const fresh = files.filter((f) => !byPath.has(f.path));
    const claimable = new Map<string, { id: string; path: string; album_id: string }[]>();
    for (const part of chunks([...new Set(fresh.map((f) => f.contentHash))], IN_CHUNK)) {
      const rows = await trx.selectFrom('tracks').select(['id', 'path', 'album_id', 'removed_at', 'content_hash']).where('content_hash', 'in', part).execute();
      for (const row of rows) {
        if (row.removed_at === null && !vanished.has(row.path)) continue;
        const list = claimable.get(row.content_hash) ?? [];
        list.push(row);
        claimable.set(row.content_hash, list);
      }
    }

    // Names first: artists, genres, albums.
    const wantedArtists: WantedArtists = new Map();
    const wantedGenres = new Map<string, string>();
    for (const file of files) {
      trackArtistsOf(file).forEach((name, i) => {
        const k = nameKey(name);
        if (!wantedArtists.has(k)) wantedArtists.set(k, { name, sort: i === 0 ? file.tags.artistSort : null, mbid: file.tags.mbArtistIds[i] ?? null });
      });
      albumArtistsOf(file).forEach((name, i) => {
        const k = nameKey(name);
        if (!wantedArtists.has(k))
          wantedArtists.set(k, { name, sort: i === 0 ? file.tags.albumArtistSort : null, mbid: file.tags.mbAlbumArtistIds[i] ?? null });
      });
      for (const genre of file.tags.genres) if (!wantedGenres.has(nameKey(genre))) wantedGenres.set(nameKey(genre), genre);
    }
    await names.ensureArtists(trx, wantedArtists, t, addedArtists);
    await names.ensureGenres(trx, wantedGenres);
    const albumOf = await names.ensureAlbums(trx, files, t, addedAlbums);

    const touchedAlbums = new Set<string>(albumOf.values());
    const trackIds = new Map<string, string>();
    const inserts: TracksTable[] = [];
    const relinked: string[] = [];
    for (const file of files) {
      const albumId = albumOf.get(file)!;
      const existing = byPath.get(file.path);
      let id: string;
      if (existing) {
        id = existing.id;
        touchedAlbums.add(existing.album_id);
        if (existing.removed_at !== null) counts.added++;
        else counts.updated++;
        (existing.removed_at !== null ? change.added : change.changed).tracks.push(id);
      } else {
        const candidate = claimable.get(file.contentHash)?.shift();
        if (candidate) {
          id = candidate.id;
          vanished.delete(candidate.path);
          touchedAlbums.add(candidate.album_id);
          counts.moved++;
          change.changed.tracks.push(id);
        } else {
          id = newId();
          inserts.push(trackRow(file, id, albumId, t));
          counts.added++;
          change.added.tracks.push(id);
          trackIds.set(file.path, id);
          continue;
        }
      }
      trackIds.set(file.path, id);
      relinked.push(id);
      const { id: _id, created_at: _created, ...row } = trackRow(file, id, albumId, t);
      await trx.updateTable('tracks').set(row).where('id', '=', id).execute();
    }
    for (const part of chunks(inserts, INSERT_CHUNK)) await trx.insertInto('tracks').values(part).execute();

    // Links: replace those of updated tracks, remembering their old artists so counts stay right.
    const touchedArtists = new Set<string>();
    for (const part of chunks(relinked, IN_CHUNK)) {
      const old = await trx.selectFrom('track_artists').select('artist_id').where('track_id', 'in', part).execute();
      for (const row of old) touchedArtists.add(row.artist_id);
      await trx.deleteFrom('track_artists').where('track_id', 'in', part).execute();
      await trx.deleteFrom('track_genres').where('track_id', 'in', part).execute();
    }
    const artistLinks: { track_id: string; artist_id: string; position: number }[] = [];
    const genreLinks: { track_id: string; genre_id: string }[] = [];
    for (const file of files) {
      const trackId = trackIds.get(file.path)!;
      const artists = dedupe(
        trackArtistsOf(file).map((name) => names.artistId(name)),
        (a) => a,
      );
      artists.forEach((artistId, position) => artistLinks.push({ track_id: trackId, artist_id: artistId, position }));
      for (const artistId of artists) touchedArtists.add(artistId);
      for (const name of albumArtistsOf(file)) touchedArtists.add(names.artistId(name));
      for (const genreId of dedupe(
        file.tags.genres.map((g) => names.genreId(g)),
        (g) => g,
      ))
        genreLinks.push({ track_id: trackId, genre_id: genreId });
    }
    for (const part of chunks(artistLinks, INSERT_CHUNK)) await trx.insertInto('track_artists').values(part).execute();
    for (const part of chunks(genreLinks, INSERT_CHUNK)) await trx.insertInto('track_genres').values(part).execute();

    const images = dedupe(
      files.flatMap((f) => (f.embeddedImage ? [f.embeddedImage] : [])),
      (i) => i.id,
    );
    for (const part of chunks(images, INSERT_CHUNK)) {
      await trx
        .insertInto('artwork')
        .values(part.map((i) => ({ ...i, created_at: t })))
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }

    await refreshAlbums(trx, [...touchedAlbums], t);
    for (const row of await albumArtistsOfAlbums(trx, [...touchedAlbums])) touchedArtists.add(row.artist_id);
    await refreshArtists(trx, [...touchedArtists], t);
    await classify(trx, change, [...touchedAlbums], addedAlbums, [...touchedArtists], addedArtists);
    return { counts, change, trackIds, albums: [...touchedAlbums] };
  }

  async function remove(trx: Trx, paths: string[]): Promise<ReconcileResult> {
    const t = now();
    const change: CatalogChange = {
      added: { tracks: [], albums: [], artists: [] },
      changed: { tracks: [], albums: [], artists: [] },
      removed: { tracks: [], albums: [], artists: [] },
    };
    const albums = new Set<string>();
    const artists = new Set<string>();
    for (const part of chunks(paths, IN_CHUNK)) {
      const rows = await trx.selectFrom('tracks').select(['id', 'album_id']).where('path', 'in', part).where('removed_at', 'is', null).execute();
      if (!rows.length) continue;
      const ids = rows.map((r) => r.id);
      await trx.updateTable('tracks').set({ removed_at: t }).where('id', 'in', ids).execute();
      for (const row of rows) {
        albums.add(row.album_id);
        change.removed.tracks.push(row.id);
      }
      for (const row of await trx.selectFrom('track_artists').select('artist_id').where('track_id', 'in', ids).execute()) artists.add(row.artist_id);
    }
    await refreshAlbums(trx, [...albums], t);
    for (const row of await albumArtistsOfAlbums(trx, [...albums])) artists.add(row.artist_id);
    await refreshArtists(trx, [...artists], t);
    await classify(trx, change, [...albums], new Set(), [...artists], new Set());
    return { counts: { added: 0, updated: 0, moved: 0, removed: change.removed.tracks.length }, change, trackIds: new Map(), albums: [...albums] };
  }

  // Query plans are chosen from table statistics; after a bulk load from empty (a first scan)
  // PostgreSQL's are stale until autovacuum catches up, and its plans turn into full scans
  // that make each batch slower than the last. So statistics are refreshed each time the
  // number of tracks written doubles (a handful of times even for a million tracks).
  let written = 0;
  let analyzeAt = 5000;
  async function analyzeIfGrown(added: number) {
    written += added;
    if (written < analyzeAt) return;
    analyzeAt = written * 2;
    await sql`analyze`.execute(db);
  }

  async function guarded<T>(work: (trx: Trx) => Promise<T>): Promise<T> {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      names.clear();
      throw error;
    }
  }

  return {
    /** Inserts or updates one batch of scanned files; claims vanished paths (deleting them from `vanished`) for moves. */
    reconcile: async (files: ScannedFile[], vanished: Set<string>) => {
      const result = await guarded((trx) => batch(trx, files, vanished));
      await analyzeIfGrown(result.counts.added);
      return result;
    },
    /** Marks the tracks at these paths removed (their rows stay, for identity). */
    remove: (paths: string[]) => guarded((trx) => remove(trx, paths)),
    /** Recomputes every album's and artist's counts (after a full scan). */
    refreshAll: () =>
      guarded(async (trx) => {
        const t = now();
        const albums = (await trx.selectFrom('albums').select('id').execute()).map((r) => r.id);
        for (const part of chunks(albums, IN_CHUNK)) await refreshAlbums(trx, part, t);
        const artists = (await trx.selectFrom('artists').select('id').execute()).map((r) => r.id);
        for (const part of chunks(artists, IN_CHUNK)) await refreshArtists(trx, part, t);
      }),
  };
}

export type Reconciler = ReturnType<typeof createReconciler>;
