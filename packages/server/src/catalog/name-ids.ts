import type { Transaction } from 'kysely';
import { chunks, IN_CHUNK } from '../db/chunks.ts';
import type { Database } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { albumGroupKey, nameKey, VARIOUS_ARTISTS } from './keys.ts';
import { sortKeys } from './sort-keys.ts';
import { albumArtistsOf, albumNameOf, dedupe } from './track-row.ts';
import type { ScannedFile } from './types.ts';

type Trx = Transaction<Database>;

/** Rows per multi-row INSERT: SQLite allows 32,766 bound values and a track row has ~40. */
export const INSERT_CHUNK = 400;

export type WantedArtists = Map<string, { name: string; sort: string | null; mbid: string | null }>;

/**
 * Name → id caches for artists, genres and album groups, which make a million-track cold
 * scan mostly inserts. Those rows are never deleted, so a cached id stays valid; `clear`
 * drops them all when a transaction fails (its inserts are gone).
 */
export function createNameIds() {
  const artistIds = new Map<string, string>();
  const genreIds = new Map<string, string>();
  const albumIds = new Map<string, string>();

  async function ensureArtists(trx: Trx, wanted: WantedArtists, t: number, added: Set<string>) {
    const missing = [...wanted.keys()].filter((k) => !artistIds.has(k));
    for (const part of chunks(missing, IN_CHUNK)) {
      const rows = await trx.selectFrom('artists').select(['id', 'name_key']).where('name_key', 'in', part).execute();
      for (const row of rows) artistIds.set(row.name_key, row.id);
    }
    const inserts = missing
      .filter((k) => !artistIds.has(k))
      .map((k) => {
        const a = wanted.get(k)!;
        const id = newId();
        artistIds.set(k, id);
        added.add(id);
        return {
          id,
          name: a.name,
          name_key: k,
          sort_name: a.sort ?? a.name,
          ...sortKeys('sort_', a.sort ?? a.name),
          mbid: a.mbid,
          album_count: 0,
          track_count: 0,
          image_id: null,
          genre_names: '[]',
          created_at: t,
          updated_at: t,
        };
      });
    for (const part of chunks(inserts, INSERT_CHUNK)) await trx.insertInto('artists').values(part).execute();
  }

  async function ensureGenres(trx: Trx, names: Map<string, string>) {
    const missing = [...names.keys()].filter((k) => !genreIds.has(k));
    if (!missing.length) return;
    const rows = await trx.selectFrom('genres').select(['id', 'name_key']).where('name_key', 'in', missing).execute();
    for (const row of rows) genreIds.set(row.name_key, row.id);
    const inserts = missing
      .filter((k) => !genreIds.has(k))
      .map((k) => {
        const id = newId();
        genreIds.set(k, id);
        return { id, name: names.get(k)!, name_key: k };
      });
    for (const part of chunks(inserts, INSERT_CHUNK)) await trx.insertInto('genres').values(part).execute();
  }

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
      const sortName = file.tags.albumSort ?? name;
      const artistSortName = file.tags.albumArtistSort ?? artistName;
      inserts.push({
        id,
        name,
        group_key: key,
        sort_name: sortName,
        ...sortKeys('sort_', sortName),
        artist_name: artistName,
        artist_sort_name: artistSortName,
        ...sortKeys('artist_sort_', artistSortName),
        mbid: file.tags.mbAlbumId,
        compilation: file.tags.compilation || nameKey(artists[0] ?? '') === nameKey(VARIOUS_ARTISTS) ? 1 : 0,
        year: file.tags.year,
        release_date: file.tags.date,
        track_count: 0,
        disc_count: 1,
        duration_ms: 0,
        image_id: null,
        created_at: t,
        updated_at: t,
      });
      artists.forEach((a, position) => links.push({ album_id: id, artist_id: artistIds.get(nameKey(a))!, position }));
    }
    for (const part of chunks(inserts, INSERT_CHUNK)) await trx.insertInto('albums').values(part).execute();
    for (const part of chunks(
      dedupe(links, (l) => `${l.album_id}/${l.artist_id}`),
      INSERT_CHUNK,
    ))
      await trx.insertInto('album_artists').values(part).execute();
    return new Map(files.map((f) => [f, albumIds.get(keyOf.get(f)!)!]));
  }

  return {
    ensureArtists,
    ensureGenres,
    ensureAlbums,
    artistId: (name: string) => artistIds.get(nameKey(name))!,
    genreId: (name: string) => genreIds.get(nameKey(name))!,
    clear() {
      artistIds.clear();
      genreIds.clear();
      albumIds.clear();
    },
  };
}
