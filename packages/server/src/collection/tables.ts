/** What a collection row holds: saved tracks and albums, followed artists, starred tracks. */
export type CollectionKind = 'track' | 'album' | 'artist' | 'star';

/** One saved/followed/starred item of a user. */
export interface CollectionItemsTable {
  user_id: string;
  kind: CollectionKind;
  item_id: string;
  added_at: number;
}

/** What can be rated. */
export type RatedKind = 'track' | 'album' | 'artist';

/** A user's rating (1–5) of a track, album or artist; no row: not rated. */
export interface RatingsTable {
  user_id: string;
  item_id: string;
  kind: RatedKind;
  rating: number;
  rated_at: number;
}

export interface CollectionTables {
  collection_items: CollectionItemsTable;
  ratings: RatingsTable;
}
