import { sql, type Transaction } from 'kysely';
import { chunks, IN_CHUNK } from '../db/chunks.ts';
import type { Database } from '../db/schema.ts';
import type { CatalogChange } from './types.ts';

type Trx = Transaction<Database>;

/*
 * Reconcile's second half: once a batch's tracks are written, the albums and artists they
 * touched get their aggregates (counts, length, year, picture, genres) again, and are sorted
 * into added / changed / removed for the `catalog.changed` event.
 */

export async function albumArtistsOfAlbums(trx: Trx, albums: string[]) {
  const out: { artist_id: string }[] = [];
  for (const part of chunks(albums, IN_CHUNK)) out.push(...(await trx.selectFrom('album_artists').select('artist_id').where('album_id', 'in', part).execute()));
  return out;
}

/** Album aggregates from their present tracks; an album with none has track_count 0 and is hidden. */
export async function refreshAlbums(trx: Trx, ids: string[], t: number) {
  for (const part of chunks(ids, IN_CHUNK)) {
    const present = sql`t.album_id = albums.id and t.removed_at is null`;
    await sql`update albums set
      track_count = (select count(*) from tracks t where ${present}),
      disc_count = coalesce((select max(t.disc_number) from tracks t where ${present}), 1),
      duration_ms = coalesce((select sum(t.duration_ms) from tracks t where ${present}), 0),
      year = coalesce((select max(t.year) from tracks t where ${present}), albums.year),
      image_id = coalesce((select t.image_id from tracks t where ${present} and t.image_id is not null order by t.disc_number, t.track_number limit 1), albums.image_id),
      updated_at = ${t}
      where id in (${sql.join(part)})`.execute(trx);
  }
}

export async function refreshArtists(trx: Trx, ids: string[], t: number) {
  for (const part of chunks(ids, IN_CHUNK)) {
    await sql`update artists set
      track_count = (select count(*) from track_artists ta join tracks t on t.id = ta.track_id where ta.artist_id = artists.id and t.removed_at is null),
      album_count = (select count(*) from album_artists aa join albums a on a.id = aa.album_id where aa.artist_id = artists.id and a.track_count > 0),
      image_id = (select a.image_id from album_artists aa join albums a on a.id = aa.album_id where aa.artist_id = artists.id and a.track_count > 0 and a.image_id is not null order by a.year desc, a.id limit 1),
      updated_at = ${t}
      where id in (${sql.join(part)})`.execute(trx);
    // Genres are kept on the artist row: gathering them per listing cost ~10 ms a page.
    const rows = await trx
      .selectFrom('track_artists')
      .innerJoin('tracks', 'tracks.id', 'track_artists.track_id')
      .select(['track_artists.artist_id', 'tracks.genre_names'])
      .distinct()
      .where('track_artists.artist_id', 'in', part)
      .where('tracks.removed_at', 'is', null)
      .execute();
    const genres = new Map<string, Set<string>>(part.map((id) => [id, new Set()]));
    for (const row of rows) for (const name of parseNames(row.genre_names)) genres.get(row.artist_id)?.add(name);
    for (const [id, names] of genres) {
      await trx
        .updateTable('artists')
        .set({ genre_names: JSON.stringify([...names].sort()) })
        .where('id', '=', id)
        .where('genre_names', '!=', JSON.stringify([...names].sort()))
        .execute();
    }
  }
}

function parseNames(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** Sorts touched albums and artists into added / changed / removed for the bus event. */
export async function classify(trx: Trx, change: CatalogChange, albums: string[], addedAlbums: Set<string>, artists: string[], addedArtists: Set<string>) {
  for (const part of chunks(albums, IN_CHUNK)) {
    for (const row of await trx.selectFrom('albums').select(['id', 'track_count']).where('id', 'in', part).execute()) {
      if (row.track_count === 0) change.removed.albums.push(row.id);
      else (addedAlbums.has(row.id) ? change.added : change.changed).albums.push(row.id);
    }
  }
  for (const part of chunks(artists, IN_CHUNK)) {
    for (const row of await trx.selectFrom('artists').select(['id', 'track_count', 'album_count']).where('id', 'in', part).execute()) {
      if (row.track_count === 0 && row.album_count === 0) change.removed.artists.push(row.id);
      else (addedArtists.has(row.id) ? change.added : change.changed).artists.push(row.id);
    }
  }
}
