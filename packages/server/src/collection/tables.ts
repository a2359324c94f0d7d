/** What a collection row holds: saved tracks and albums, followed artists, starred tracks. */
export type CollectionKind = 'track' | 'album' | 'artist' | 'star';

/** One saved/followed/starred item of a user. */
export interface CollectionItemsTable {
  user_id: string;
  kind: CollectionKind;
  item_id: string;
  added_at: number;
}

export interface CollectionTables {
  collection_items: CollectionItemsTable;
}
