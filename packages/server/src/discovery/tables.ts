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
}

export interface DiscoveryTables {
  top_counts: TopCountsTable;
  top_counts_user: TopCountsUserTable;
}
