import { sql, type RawBuilder } from 'kysely';

/**
 * What the smart-playlist engine may read of one user's collection, as SQL kept beside the
 * collection's tables: joins onto a track id expression, and the values they give.
 */
export const collectionSmartFields = {
  /** The user's star on the track, as `cs`. */
  starsJoin: (userId: string, trackId: RawBuilder<unknown>) =>
    sql`left join collection_items cs on cs.user_id = ${userId} and cs.kind = 'star' and cs.item_id = ${trackId}`,
  starred: sql<boolean>`(cs.item_id is not null)`,
  /** The user's rating of the track, as `cr`; unrated is 0. */
  ratingsJoin: (userId: string, trackId: RawBuilder<unknown>) =>
    sql`left join ratings cr on cr.user_id = ${userId} and cr.item_id = ${trackId} and cr.kind = 'track'`,
  rating: sql`coalesce(cr.rating, 0)`,
};
