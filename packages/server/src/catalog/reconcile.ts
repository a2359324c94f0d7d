import { extname } from 'node:path';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { albumGroupKey, nameKey, sortKey, UNKNOWN_ALBUM, UNKNOWN_ARTIST, VARIOUS_ARTISTS } from './keys.ts';
import type { TracksTable } from './tables.ts';
import type { CatalogChange, ReconcileCounts, ScannedFile } from './types.ts';
import { chunks } from '../db/chunks.ts';
import { albumArtistsOfAlbums, classify, IN_CHUNK, refreshAlbums, refreshArtists } from './aggregates.ts';

type Trx = Transaction<Database>;

/** Rows per multi-row INSERT: SQLite allows 32,766 bound values and a track row has ~40. */
const INSERT_CHUNK = 400;

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
 *
 * Name → id caches make a million-track cold scan mostly inserts; artists, genres and album
 * groups are never deleted, so cached ids stay valid (the caches are dropped if a
 * transaction fails).
 */
export function createReconciler(db: Db, now: () => number) {
  const artistIds = new Map<string, string>();
  const genreIds = new Map<string, string>();
  const albumIds = new Map<string, string>();

  async function ensureArtists(trx: Trx, wanted: Map<string, { name: string; sort: string | null; mbid: string | null }>, t: number, added: Set<string>) {
    const missing = [...wanted.keys()].filter((k) => !artistIds.has(k));
    for (const part of chunks(missing, IN_CHUNK)) {
      const rows = await trx.selectFrom('artists').select(['id', 'name_key']).where('name_key', 'in', part).execute();
      for (const row of rows) artistIds.set(row.name_key, row.id);
    }
    const inserts = missing.filter((k) => !artistIds.has(k)).map((k) => {
      const a = wanted.get(k)!;
      const id = newId();
      artistIds.set(k, id);
      added.add(id);
      return { id, name: a.name, name_key: k, sort_key: sortKey(a.sort ?? a.name), mbid: a.mbid, album_count: 0, track_count: 0, image_id: null, genre_names: '[]', created_at: t, updated_at: t };
    });
    for (const part of chunks(inserts, INSERT_CHUNK)) await trx.insertInto('artists').values(part).execute();
  }

  async function ensureGenres(trx: Trx, names: Map<string, string>) {
    const missing = [...names.keys()].filter((k) => !genreIds.has(k));
    if (!missing.length) return;
    const rows = await trx.selectFrom('genres').select(['id', 'name_key']).where('name_key', 'in', missing).execute();
    for (const row of rows) genreIds.set(row.name_key, row.id);
    const inserts = missing.filter((k) => !genreIds.has(k)).map((k) => {
      const id = newId();
      genreIds.set(k, id);
      return { id, name: names.get(k)!, name_key: k };
    });
    for (const part of chunks(inserts, INSERT_CHUNK)) await trx.insertInto('genres').values(part).execute();
  }

  /** Album artists of a file: tagged ones, else "Various Artists" for a compilation, else the track's first artist. */
  function albumArtistsOf(file: ScannedFile): string[] {
    if (file.tags.albumArtists.length) return file.tags.albumArtists;
    if (file.tags.compilation) return [VARIOUS_ARTISTS];
    return [file.tags.artists[0] ?? UNKNOWN_ARTIST];
  }

  const trackArtistsOf = (file: ScannedFile) => (file.tags.artists.length ? file.tags.artists : [UNKNOWN_ARTIST]);
  const albumNameOf = (file: ScannedFile) => file.tags.album ?? UNKNOWN_ALBUM;

  async function ensureAlbums(trx: Trx, files: ScannedFile[], t: number, added: Set<string>): Promise<Map<ScannedFile, string>> {
    const groups = new Map<string, ScannedFile>();
    const keyOf = new Map<ScannedFile, string>();
    for (const file of files) {
      const key = albumGroupKey(albumArtistsOf(file).join('; '), albumNameOf(file), file.tags.mbAlbumId);
      keyOf.set(file, key);
      if (!groups.has(key)) groups.set(key, file);
    }
    const missing = [...groups.keys()].filter((k) => !albumIds.has(k));
    for (const part of chunks(missing, IN_CHUNK)) {
      const rows = await trx.selectFrom('albums').select(['id', 'group_key']).where('group_key', 'in', part).execute();
      for (const row of rows) albumIds.set(row.group_key, row.id);
    }
    const inserts = [];
    const links: { album_id: string; artist_id: string; position: number }[] = [];
    for (const key of missing.filter((k) => !albumIds.has(k))) {
      const file = groups.get(key)!;
      const id = newId();
      albumIds.set(key, id);
      added.add(id);
      const artists = albumArtistsOf(file);
      const artistName = artists.join(', ');
      const name = albumNameOf(file);
      inserts.push({
        id, name, group_key: key, sort_key: sortKey(file.tags.albumSort ?? name), artist_name: artistName,
        artist_sort_key: sortKey(file.tags.albumArtistSort ?? artistName), mbid: file.tags.mbAlbumId,
        compilation: file.tags.compilation || nameKey(artists[0] ?? '') === nameKey(VARIOUS_ARTISTS) ? 1 : 0,
        year: file.tags.year, release_date: file.tags.date, track_count: 0, disc_count: 1, duration_ms: 0, image_id: null, created_at: t, updated_at: t,
      });
      artists.forEach((a, position) => links.push({ album_id: id, artist_id: artistIds.get(nameKey(a))!, position }));
    }
    for (const part of chunks(inserts, INSERT_CHUNK)) await trx.insertInto('albums').values(part).execute();
    for (const part of chunks(dedupe(links, (l) => `${l.album_id}/${l.artist_id}`), INSERT_CHUNK)) await trx.insertInto('album_artists').values(part).execute();
    return new Map(files.map((f) => [f, albumIds.get(keyOf.get(f)!)!]));
  }

  function trackRow(file: ScannedFile, id: string, albumId: string, t: number): TracksTable {
    const tags = file.tags;
    const base = file.path.slice(file.path.lastIndexOf('/') + 1);
    return {
      id, name: tags.title ?? base.replace(/\.[^.]+$/, ''), album_id: albumId,
      track_number: tags.trackNumber ?? 0, track_total: tags.trackTotal, disc_number: tags.discNumber ?? 1, disc_total: tags.discTotal,
      duration_ms: tags.durationMs, year: tags.year, date: tags.date, codec: tags.codec, container: tags.container,
      suffix: extname(file.path).slice(1).toLowerCase(), bitrate: tags.bitrate, sample_rate: tags.sampleRate, channels: tags.channels,
      lossless: tags.lossless ? 1 : 0, mbid: tags.mbRecordingId, mb_track_id: tags.mbTrackId,
      rg_track_gain: tags.rgTrackGain, rg_track_peak: tags.rgTrackPeak, rg_album_gain: tags.rgAlbumGain, rg_album_peak: tags.rgAlbumPeak,
      lyrics: tags.lyrics, artist_names: trackArtistsOf(file).join(', '), genre_names: JSON.stringify(tags.genres),
      folder_id: file.folderId, path: file.path, size: file.size, mtime_ms: Math.floor(file.mtimeMs), content_hash: file.contentHash,
      image_id: file.embeddedImage?.id ?? null, created_at: t, updated_at: t, removed_at: null,
    };
  }

  async function batch(trx: Trx, files: ScannedFile[], vanished: Set<string>): Promise<ReconcileResult> {
    const t = now();
    const counts: ReconcileCounts = { added: 0, updated: 0, moved: 0, removed: 0 };
    const addedArtists = new Set<string>();
    const addedAlbums = new Set<string>();
    const change: CatalogChange = { added: { tracks: [], albums: [], artists: [] }, changed: { tracks: [], albums: [], artists: [] }, removed: { tracks: [], albums: [], artists: [] } };

    // Who is who: by path, then by content for new paths.
    const byPath = new Map<string, { id: string; album_id: string; removed_at: number | null }>();
    for (const part of chunks(files.map((f) => f.path), IN_CHUNK)) {
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
    const wantedArtists = new Map<string, { name: string; sort: string | null; mbid: string | null }>();
    const wantedGenres = new Map<string, string>();
    for (const file of files) {
      trackArtistsOf(file).forEach((name, i) => {
        const k = nameKey(name);
        if (!wantedArtists.has(k)) wantedArtists.set(k, { name, sort: i === 0 ? file.tags.artistSort : null, mbid: file.tags.mbArtistIds[i] ?? null });
      });
      albumArtistsOf(file).forEach((name, i) => {
        const k = nameKey(name);
        if (!wantedArtists.has(k)) wantedArtists.set(k, { name, sort: i === 0 ? file.tags.albumArtistSort : null, mbid: file.tags.mbAlbumArtistIds[i] ?? null });
      });
      for (const genre of file.tags.genres) if (!wantedGenres.has(nameKey(genre))) wantedGenres.set(nameKey(genre), genre);
    }
    await ensureArtists(trx, wantedArtists, t, addedArtists);
    await ensureGenres(trx, wantedGenres);
    const albumOf = await ensureAlbums(trx, files, t, addedAlbums);

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
      const artists = dedupe(trackArtistsOf(file).map((name) => artistIds.get(nameKey(name))!), (a) => a);
      artists.forEach((artistId, position) => artistLinks.push({ track_id: trackId, artist_id: artistId, position }));
      for (const artistId of artists) touchedArtists.add(artistId);
      for (const name of albumArtistsOf(file)) touchedArtists.add(artistIds.get(nameKey(name))!);
      for (const genreId of dedupe(file.tags.genres.map((g) => genreIds.get(nameKey(g))!), (g) => g)) genreLinks.push({ track_id: trackId, genre_id: genreId });
    }
    for (const part of chunks(artistLinks, INSERT_CHUNK)) await trx.insertInto('track_artists').values(part).execute();
    for (const part of chunks(genreLinks, INSERT_CHUNK)) await trx.insertInto('track_genres').values(part).execute();

    const images = dedupe(files.flatMap((f) => (f.embeddedImage ? [f.embeddedImage] : [])), (i) => i.id);
    for (const part of chunks(images, INSERT_CHUNK)) {
      await trx.insertInto('artwork').values(part.map((i) => ({ ...i, created_at: t }))).onConflict((oc) => oc.column('id').doNothing()).execute();
    }

    await refreshAlbums(trx, [...touchedAlbums], t);
    for (const row of await albumArtistsOfAlbums(trx, [...touchedAlbums])) touchedArtists.add(row.artist_id);
    await refreshArtists(trx, [...touchedArtists], t);
    await classify(trx, change, [...touchedAlbums], addedAlbums, [...touchedArtists], addedArtists);
    return { counts, change, trackIds, albums: [...touchedAlbums] };
  }

  async function remove(trx: Trx, paths: string[]): Promise<ReconcileResult> {
    const t = now();
    const change: CatalogChange = { added: { tracks: [], albums: [], artists: [] }, changed: { tracks: [], albums: [], artists: [] }, removed: { tracks: [], albums: [], artists: [] } };
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
      artistIds.clear();
      genreIds.clear();
      albumIds.clear();
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

function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export type Reconciler = ReturnType<typeof createReconciler>;
