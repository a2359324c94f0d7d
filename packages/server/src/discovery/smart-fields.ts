import { sql, type RawBuilder } from 'kysely';
import { ALL_TIME, dayOf } from './service.ts';

/**
 * What the smart-playlist engine may read of one user's plays, as SQL kept beside the
 * play counts (`top_counts_user`: per track, all time and per UTC day).
 */
export const discoverySmartFields = {
  /** The user's all-time count of the track, as `dp`. */
  playsJoin: (userId: string, trackId: RawBuilder<unknown>) =>
    sql`left join top_counts_user dp on dp.user_id = ${userId} and dp.kind = 'track' and dp.day = ${ALL_TIME} and dp.item_id = ${trackId}`,
  playCount: sql`coalesce(dp.plays, 0)`,
  /** When the user last played the track (ms), null when never (or not known). */
  lastPlayed: sql`nullif(dp.last_at, 0)`,
  /** The user's plays of each track over the last `days` UTC days (today included), as `alias`. */
  recentJoin: (alias: string, userId: string, days: number, now: number, trackId: RawBuilder<unknown>) =>
    sql`left join (select item_id, sum(plays) as plays from top_counts_user where user_id = ${userId} and kind = 'track' and day >= ${recentSince(days, now)} group by item_id) ${sql.id(alias)} on ${sql.ref(`${alias}.item_id`)} = ${trackId}`,
  recentPlays: (alias: string) => sql`coalesce(${sql.ref(`${alias}.plays`)}, 0)`,
};

/** The first day counted by "the last `days` days" (today is the last). */
export const recentSince = (days: number, now: number) => dayOf(now) - (days - 1);
