/**
 * Play counts for top lists, kept as plays happen: one row per item and day (days since
 * 1970-01-01, UTC), and one per item with `day` ALL_TIME. Everyone's counts carry no user;
 * a user's own go in `top_counts_user` and leave with the user.
 */
export interface TopCountsTable {
  kind: 'track' | 'album' | 'artist';
  day: number;
  item_id: string;
  plays: number;
}

export interface TopCountsUserTable extends TopCountsTable {
  user_id: string;
  /** When the user last played the item (ms since the epoch), for "recently played" lists; 0 when not known. */
  last_at: number;
}

/** How often `next_id` was played right after `track_id` (or before it) by the same person: what people play together. */
export interface CoPlaysTable {
  track_id: string;
  next_id: string;
  plays: number;
}

/** Each user's last counted play, to link it with the next. */
export interface LastPlaysTable {
  user_id: string;
  track_id: string;
  at: number;
}

/** A listener's thumbs up (1) or down (-1) on a track, which steers their radio. */
export interface RadioVotesTable {
  user_id: string;
  track_id: string;
  vote: number;
}

export interface DiscoveryTables {
  top_counts: TopCountsTable;
  top_counts_user: TopCountsUserTable;
  co_plays: CoPlaysTable;
  last_plays: LastPlaysTable;
  radio_votes: RadioVotesTable;
}
