import { sql, type SelectQueryBuilder } from 'kysely';
import type { AlbumSort, Language } from '@runnel/api';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { AlbumsTable, ArtistsTable, TracksTable } from './tables.ts';
import { inChunks } from '../db/chunks.ts';
import { albumHasGenre, createGenreQueries } from './genre-queries.ts';
import { artistSortColumn, sortColumn } from './sort-keys.ts';
import { inScope, scopeFolders } from './scope.ts';

export type TrackRow = TracksTable;
export type AlbumRow = AlbumsTable;
export type ArtistRow = ArtistsTable;

/** The columns an album sort orders by; names by the language's sort keys (sort-keys.ts). */
function albumOrder(sort: AlbumSort, language: Language): [string, 'asc' | 'desc'][] {
  const name = sortColumn(language);
  switch (sort) {
    case 'name':
      return [
        [name, 'asc'],
        ['id', 'asc'],
      ];
    case '-name':
      return [
        [name, 'desc'],
        ['id', 'desc'],
      ];
    case 'artist':
      return [
        [artistSortColumn(language), 'asc'],
        [name, 'asc'],
        ['id', 'asc'],
      ];
    case 'added':
    case '-added':
    case 'year':
    case '-year': {
      const direction = sort.startsWith('-') ? 'desc' : 'asc';
      return [
        [sort.includes('added') ? 'created_at' : 'year', direction],
        ['id', direction],
      ];
    }
  }
}

/** Which present tracks a listing keeps: of a genre, in a year range, in a music folder (each optional). */
export interface TrackFilter {
  genreId?: string;
  fromYear?: number;
  toYear?: number;
  folderId?: string;
}

function filtered<O>(query: SelectQueryBuilder<Database, 'tracks', O>, filter: TrackFilter): SelectQueryBuilder<Database, 'tracks', O> {
  let out = inScope(query.where('tracks.removed_at', 'is', null), 'tracks');
  if (filter.genreId) {
    const genreId = filter.genreId;
    out = out.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('track_genres')
          .select(sql.lit(1).as('one'))
          .whereRef('track_genres.track_id', '=', 'tracks.id')
          .where('track_genres.genre_id', '=', genreId),
      ),
    );
  }
  if (filter.fromYear !== undefined) out = out.where('tracks.year', '>=', filter.fromYear);
  if (filter.toYear !== undefined) out = out.where('tracks.year', '<=', filter.toYear);
  if (filter.folderId) out = out.where('tracks.folder_id', '=', filter.folderId);
  return out;
}

/** The catalogue's read queries. Removed tracks and empty albums/artists are never listed. */
export function createCatalogRepository(db: Db) {
  return {
    ...createGenreQueries(db),
    /** Ids of live tracks, albums or artists after `after`, in id order (keyset paging for rebuilds). */
    idsAfter: async (table: 'tracks' | 'albums' | 'artists', after: string, limit: number): Promise<string[]> => {
      let query = db.selectFrom(table).select('id').where('id', '>', after).orderBy('id').limit(limit);
      if (table === 'tracks') query = query.where('removed_at', 'is', null);
      return (await query.execute()).map((r) => r.id);
    },
    tracksByIds: (ids: string[]) =>
      inChunks(ids, (part) => inScope(db.selectFrom('tracks').selectAll().where('id', 'in', part).where('removed_at', 'is', null), 'tracks').execute()),
    tracksOfAlbum: (albumId: string, limit: number, offset: number) =>
      inScope(db.selectFrom('tracks'), 'tracks')
        .selectAll()
        .where('album_id', '=', albumId)
        .where('removed_at', 'is', null)
        .orderBy('disc_number')
        .orderBy('track_number')
        .orderBy('name')
        .orderBy('id')
        .limit(limit)
        .offset(offset)
        .execute(),
    trackDurations: (ids: string[]) =>
      inChunks(ids, (part) =>
        inScope(db.selectFrom('tracks').select(['id', 'duration_ms']).where('id', 'in', part).where('removed_at', 'is', null), 'tracks').execute(),
      ),
    existingTrackIds: async (ids: string[]) =>
      new Set(
        (
          await inChunks(ids, (part) =>
            inScope(db.selectFrom('tracks').select('id').where('id', 'in', part).where('removed_at', 'is', null), 'tracks').execute(),
          )
        ).map((r) => r.id),
      ),
    albumsByIds: (ids: string[]) =>
      inChunks(ids, (part) => inScope(db.selectFrom('albums').selectAll().where('id', 'in', part).where('track_count', '>', 0), 'albums').execute()),
    artistsByIds: (ids: string[]) =>
      inChunks(ids, (part) =>
        inScope(db.selectFrom('artists'), 'artists')
          .selectAll()
          .where('id', 'in', part)
          .where((eb) => eb.or([eb('track_count', '>', 0), eb('album_count', '>', 0)]))
          .execute(),
      ),
    /** (track id, artist) pairs in billing order. */
    artistsOfTracks: (trackIds: string[]) =>
      inChunks(trackIds, (part) =>
        db
          .selectFrom('track_artists')
          .innerJoin('artists', 'artists.id', 'track_artists.artist_id')
          .select(['track_artists.track_id as owner', 'artists.id', 'artists.name', 'track_artists.position'])
          .where('track_artists.track_id', 'in', part)
          .orderBy('track_artists.position')
          .execute(),
      ),
    artistsOfAlbums: (albumIds: string[]) =>
      inChunks(albumIds, (part) =>
        db
          .selectFrom('album_artists')
          .innerJoin('artists', 'artists.id', 'album_artists.artist_id')
          .select(['album_artists.album_id as owner', 'artists.id', 'artists.name', 'album_artists.position'])
          .where('album_artists.album_id', 'in', part)
          .orderBy('album_artists.position')
          .execute(),
      ),
    listAlbums: (sort: AlbumSort, language: Language, limit: number, offset: number, genreId?: string) => {
      let query = inScope(db.selectFrom('albums').selectAll().where('track_count', '>', 0), 'albums');
      if (genreId) query = query.where(albumHasGenre(genreId));
      for (const [column, direction] of albumOrder(sort, language)) query = query.orderBy(sql.ref(column), direction);
      return query.limit(limit).offset(offset).execute();
    },
    countAlbums: async (genreId?: string) => {
      if (genreId) {
        const row = await inScope(db.selectFrom('tracks'), 'tracks')
          .innerJoin('track_genres', 'track_genres.track_id', 'tracks.id')
          .select((eb) => eb.fn.count<number>('tracks.album_id').distinct().as('n'))
          .where('tracks.removed_at', 'is', null)
          .where('track_genres.genre_id', '=', genreId)
          .executeTakeFirstOrThrow();
        return Number(row.n);
      }
      const row = await inScope(db.selectFrom('albums'), 'albums')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('track_count', '>', 0)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** Every listed album's id in an ascending sort order (the listing cache's source). */
    albumIdsInOrder: async (sort: AlbumSort, language: Language) => {
      let query = inScope(db.selectFrom('albums').select('id').where('track_count', '>', 0), 'albums');
      for (const [column, direction] of albumOrder(sort, language)) query = query.orderBy(sql.ref(column), direction);
      return (await query.execute()).map((r) => r.id);
    },
    /** Every listed artist's id, A–Z in a language. */
    artistIdsInOrder: async (language: Language) =>
      (
        await inScope(db.selectFrom('artists'), 'artists')
          .select('id')
          .where((eb) => eb.or([eb('track_count', '>', 0), eb('album_count', '>', 0)]))
          .orderBy(sortColumn(language))
          .orderBy('id')
          .execute()
      ).map((r) => r.id),
    /** An artist's albums: as album artist (`album`) and those they only play on (`appears_on`). */
    albumsOfArtist: async (artistId: string, groups: Set<'album' | 'appears_on'>, language: Language, limit: number, offset: number) => {
      const own = db.selectFrom('album_artists').select('album_id').where('artist_id', '=', artistId);
      const played = inScope(db.selectFrom('track_artists').innerJoin('tracks', 'tracks.id', 'track_artists.track_id'), 'tracks')
        .select('tracks.album_id')
        .where('track_artists.artist_id', '=', artistId)
        .where('tracks.removed_at', 'is', null);
      let query = inScope(db.selectFrom('albums').where('track_count', '>', 0), 'albums');
      if (groups.has('album') && groups.has('appears_on')) query = query.where((eb) => eb.or([eb('id', 'in', own), eb('id', 'in', played)]));
      else if (groups.has('album')) query = query.where('id', 'in', own);
      else query = query.where('id', 'in', played).where('id', 'not in', own);
      const [rows, total] = await Promise.all([
        query.selectAll().orderBy('year', 'desc').orderBy(sortColumn(language)).orderBy('id').limit(limit).offset(offset).execute(),
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      const ownIds = new Set((await own.execute()).map((r) => r.album_id));
      return { rows, total: Number(total.n), ownIds };
    },
    /** Ids of listed albums with a year in [from, to], by year (descending when `descending`), then name. */
    albumIdsByYear: async (from: number, to: number, descending: boolean, language: Language) => {
      const direction = descending ? 'desc' : 'asc';
      const rows = await inScope(db.selectFrom('albums'), 'albums')
        .select('id')
        .where('track_count', '>', 0)
        .where('year', '>=', from)
        .where('year', '<=', to)
        .orderBy('year', direction)
        .orderBy(sortColumn(language))
        .orderBy('id')
        .execute();
      return rows.map((r) => r.id);
    },
    /** Ids of the albums with a present track in a music folder. */
    albumIdsOfFolder: async (folderId: string) =>
      (
        await inScope(db.selectFrom('tracks'), 'tracks')
          .select('album_id')
          .distinct()
          .where('folder_id', '=', folderId)
          .where('removed_at', 'is', null)
          .execute()
      ).map((r) => r.album_id),
    /** (track, album) pairs of present tracks. */
    albumIdsOfTracks: (trackIds: string[]) =>
      inChunks(trackIds, (part) =>
        inScope(db.selectFrom('tracks'), 'tracks').select(['id', 'album_id']).where('id', 'in', part).where('removed_at', 'is', null).execute(),
      ),
    /** Present track ids matching the filters, in random order. */
    randomTrackIds: async (limit: number, filter: TrackFilter) =>
      (
        await filtered(db.selectFrom('tracks').select('tracks.id'), filter)
          .orderBy(sql`random()`)
          .limit(limit)
          .execute()
      ).map((r) => r.id),
    /**
     * A page of present track ids in id order: after `after` (keyset, an index step) when the
     * caller knows where the previous page ended, else by offset.
     */
    trackIdsInOrder: async (limit: number, position: { after: string } | { offset: number }, filter: TrackFilter) => {
      let query = filtered(db.selectFrom('tracks').select('tracks.id'), filter).orderBy('tracks.id').limit(limit);
      query = 'after' in position ? query.where('tracks.id', '>', position.after) : query.offset(position.offset);
      return (await query.execute()).map((r) => r.id);
    },
    /** Every track row of a music folder, removed ones too (they date the folder's last change), with whether its album has artwork. */
    folderTreeRows: async (folderId: string) => {
      const rows = await inScope(db.selectFrom('tracks'), 'tracks')
        .innerJoin('albums', 'albums.id', 'tracks.album_id')
        .select(['tracks.id', 'tracks.path', 'tracks.album_id', 'tracks.updated_at', 'tracks.removed_at', 'albums.image_id'])
        .where('tracks.folder_id', '=', folderId)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        path: r.path,
        album_id: r.album_id,
        album_has_image: r.image_id !== null,
        changed_at: Math.max(Number(r.updated_at), Number(r.removed_at ?? 0)),
        removed: r.removed_at !== null,
      }));
    },
    artistByName: (nameKey: string) => inScope(db.selectFrom('artists'), 'artists').select('id').where('name_key', '=', nameKey).executeTakeFirst(),
    /** The present tracks an artist plays on. */
    trackIdsOfArtist: async (artistId: string) =>
      (
        await inScope(db.selectFrom('track_artists').innerJoin('tracks', 'tracks.id', 'track_artists.track_id'), 'tracks')
          .select('tracks.id')
          .where('track_artists.artist_id', '=', artistId)
          .where('tracks.removed_at', 'is', null)
          .execute()
      ).map((r) => r.id),
    artwork: (id: string) => db.selectFrom('artwork').selectAll().where('id', '=', id).executeTakeFirst(),
    /** Whether a picture belongs to an album, track or artist the viewer may see (always, when they see everything). */
    artworkInScope: async (id: string) => {
      if (!scopeFolders()) return true;
      const [album, track, artist] = await Promise.all([
        inScope(db.selectFrom('albums').select('id').where('image_id', '=', id), 'albums').executeTakeFirst(),
        inScope(db.selectFrom('tracks').select('id').where('image_id', '=', id).where('removed_at', 'is', null), 'tracks').executeTakeFirst(),
        inScope(db.selectFrom('artists').select('id').where('image_id', '=', id), 'artists').executeTakeFirst(),
      ]);
      return Boolean(album ?? track ?? artist);
    },
    trackByPath: (path: string) => db.selectFrom('tracks').selectAll().where('path', '=', path).executeTakeFirst(),
    trackFile: (id: string) =>
      inScope(db.selectFrom('tracks'), 'tracks')
        .select(['path', 'size', 'mtime_ms', 'codec', 'container', 'suffix', 'bitrate', 'duration_ms'])
        .where('id', '=', id)
        .where('removed_at', 'is', null)
        .executeTakeFirst(),
  };
}

export type CatalogRepository = ReturnType<typeof createCatalogRepository>;
