import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Db } from '../db/database.ts';
import { inChunks } from '../db/chunks.ts';
import type { Language } from '@runnel/api';
import { sortColumn } from './sort-keys.ts';
import { inScope } from './scope.ts';

/**
 * Each owner's genres with how many of its tracks carry each, most common first (ties by
 * name): an album's `genre` is its commonest, not its alphabetically first.
 */
function countedGenres(rows: { owner: string; genre_names: string; tracks: number | string | bigint }[]): { owner: string; name: string }[] {
  const counts = new Map<string, Map<string, number>>();
  for (const row of rows) {
    let names: unknown;
    try {
      names = JSON.parse(row.genre_names);
    } catch {
      continue;
    }
    if (!Array.isArray(names)) continue;
    const owned = counts.get(row.owner) ?? new Map<string, number>();
    counts.set(row.owner, owned);
    for (const name of new Set(names)) {
      if (typeof name === 'string') owned.set(name, (owned.get(name) ?? 0) + Number(row.tracks));
    }
  }
  return [...counts].flatMap(([owner, owned]) => [...owned].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).map(([name]) => ({ owner, name })));
}

/** Keeps the albums with a present track of the genre. */
export const albumHasGenre =
  (genreId: string) =>
  ({ exists, selectFrom }: ExpressionBuilder<Database, 'albums'>) =>
    exists(
      selectFrom('tracks')
        .innerJoin('track_genres', 'track_genres.track_id', 'tracks.id')
        .select(sql.lit(1).as('one'))
        .whereRef('tracks.album_id', '=', 'albums.id')
        .where('tracks.removed_at', 'is', null)
        .where('track_genres.genre_id', '=', genreId),
    );

/** The catalogue's genre queries: genres with their counts, an album's genres, a genre's albums. */
export function createGenreQueries(db: Db) {
  return {
    /**
     * Distinct genre names of each album's present tracks. Read from the tracks' own genre list
     * rather than joining through `genres`: with a handful of genres the planner likes to start
     * from them and walk a million links.
     */
    genresOfAlbums: async (albumIds: string[]) =>
      countedGenres(
        await inChunks(albumIds, (part) =>
          db
            .selectFrom('tracks')
            .select(['album_id as owner', 'genre_names', (eb) => eb.fn.countAll<number>().as('tracks')])
            .where('album_id', 'in', part)
            .where('removed_at', 'is', null)
            .groupBy(['album_id', 'genre_names'])
            .execute(),
        ),
      ),

    listGenres: (limit: number, offset: number) =>
      inScope(
        db.selectFrom('genres').innerJoin('track_genres', 'track_genres.genre_id', 'genres.id').innerJoin('tracks', 'tracks.id', 'track_genres.track_id'),
        'tracks',
      )
        .select((eb) => [
          'genres.id',
          'genres.name',
          'genres.name_key',
          eb.fn.count<number>('tracks.id').distinct().as('track_count'),
          eb.fn.count<number>('tracks.album_id').distinct().as('album_count'),
        ])
        .where('tracks.removed_at', 'is', null)
        .groupBy(['genres.id', 'genres.name', 'genres.name_key'])
        .orderBy('genres.name_key')
        .limit(limit)
        .offset(offset)
        .execute(),
    countGenres: async () => {
      const row = await db
        .selectFrom('genres')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(({ exists, selectFrom }) =>
          exists(
            inScope(selectFrom('track_genres').innerJoin('tracks', 'tracks.id', 'track_genres.track_id'), 'tracks')
              .select(sql.lit(1).as('one'))
              .whereRef('track_genres.genre_id', '=', 'genres.id')
              .where('tracks.removed_at', 'is', null),
          ),
        )
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** Ids of listed albums with a present track of the genre, A–Z in a language. */
    albumIdsOfGenre: async (genreId: string, language: Language) => {
      const rows = await inScope(db.selectFrom('albums'), 'albums')
        .select('id')
        .where('track_count', '>', 0)
        .where(albumHasGenre(genreId))
        .orderBy(sortColumn(language))
        .orderBy('id')
        .execute();
      return rows.map((r) => r.id);
    },
    genreByName: (nameKey: string) => db.selectFrom('genres').select('id').where('name_key', '=', nameKey).executeTakeFirst(),
  };
}
