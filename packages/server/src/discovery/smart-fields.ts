import { sql, type RawBuilder } from 'kysely';
import { ALL_TIME, dayOf } from './service.ts';

type Sql = RawBuilder<unknown>;

/** The first day counted by "the last `days` days" (today is the last). */
export const recentSince = (days: number, now: number) => dayOf(now) - (days - 1);

/**
 * What the smart-playlist engine may read of one user's plays, as SQL kept beside the play
 * counts (`top_counts_user`: per track, all time and per UTC day): sets of track ids (to
 * filter by) and joins giving values (to sort by). Tracks never played are in no set.
 */
export const discoverySmartFields = {
  /** Ids of the tracks the user played whose all-time count and last play (null: not known) pass `test`. */
  playedIds: (userId: string, test: (plays: Sql, lastPlayed: Sql) => Sql) =>
    sql`select item_id from top_counts_user where user_id = ${userId} and kind = 'track' and day = ${ALL_TIME} and ${test(sql`plays`, sql`nullif(last_at, 0)`)}`,
  /** Ids of the tracks the user played in the last `days` days as many times as passes `test`. */
  recentIds: (userId: string, days: number, now: number, test: (plays: Sql) => Sql) =>
    sql`select item_id from top_counts_user where user_id = ${userId} and kind = 'track' and day >= ${recentSince(days, now)} group by item_id having ${test(sql`sum(plays)`)}`,
  /** The user's all-time count of the track, as `dp` (for sorting). */
  playsJoin: (userId: string, trackId: Sql) =>
    sql`left join top_counts_user dp on dp.user_id = ${userId} and dp.kind = 'track' and dp.day = ${ALL_TIME} and dp.item_id = ${trackId}`,
  playCount: sql`coalesce(dp.plays, 0)`,
  /** When the user last played the track (ms), null when never (or not known). */
  lastPlayed: sql`nullif(dp.last_at, 0)`,
  /** The user's plays of each track over the last `days` UTC days (today included), as `alias` (for sorting). */
  recentJoin: (alias: string, userId: string, days: number, now: number, trackId: Sql) =>
    sql`left join (select item_id, sum(plays) as plays from top_counts_user where user_id = ${userId} and kind = 'track' and day >= ${recentSince(days, now)} group by item_id) ${sql.id(alias)} on ${sql.ref(`${alias}.item_id`)} = ${trackId}`,
  recentPlays: (alias: string) => sql`coalesce(${sql.ref(`${alias}.plays`)}, 0)`,
};
