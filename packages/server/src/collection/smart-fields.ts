import { sql, type RawBuilder } from 'kysely';

type Sql = RawBuilder<unknown>;

/**
 * What the smart-playlist engine may read of one user's collection, as SQL kept beside the
 * collection's tables: sets of track ids (to filter by), and joins giving values (to sort by).
 */
export const collectionSmartFields = {
  /** Ids of the tracks the user starred. */
  starredIds: (userId: string) => sql`select item_id from collection_items where user_id = ${userId} and kind = 'star'`,
  /** Ids of the tracks the user rated (1–5) with a rating that passes `test`; unrated tracks are in no such set. */
  ratedIds: (userId: string, test: (rating: Sql) => Sql) =>
    sql`select item_id from ratings where user_id = ${userId} and kind = 'track' and ${test(sql`rating`)}`,
  /** The user's star on the track, as `cs` (for sorting). */
  starsJoin: (userId: string, trackId: Sql) => sql`left join collection_items cs on cs.user_id = ${userId} and cs.kind = 'star' and cs.item_id = ${trackId}`,
  starred: sql<boolean>`(cs.item_id is not null)`,
  /** The user's rating of the track, as `cr` (for sorting); unrated is 0. */
  ratingsJoin: (userId: string, trackId: Sql) => sql`left join ratings cr on cr.user_id = ${userId} and cr.item_id = ${trackId} and cr.kind = 'track'`,
  rating: sql`coalesce(cr.rating, 0)`,
};
