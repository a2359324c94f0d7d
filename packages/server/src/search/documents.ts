/** The kinds of things search finds, in the order results are listed. */
export const SEARCH_KINDS = ['track', 'album', 'artist', 'playlist', 'user'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/**
 * What search knows about one item. Other modules hand these over (through
 * `search.upsert()` or a DocumentSource); search keeps its own copy in `search_documents`.
 */
export interface SearchDocument {
  id: string;
  kind: SearchKind;
  /** Track, album, artist or playlist name; a user's display name. */
  title: string;
  /** Artist names (a track's or album's artists; a playlist's owner). */
  artists: string[];
  /** A track's album name. */
  album?: string;
  genres?: string[];
  year?: number;
  /** Higher ranks first among equally good matches (play counts; 0 when unknown). */
  popularity?: number;
  /** Other names matched like the title (a user's username). */
  names?: string[];
  /** Who may find it; omitted: everyone. A private playlist lists its owner and collaborators. */
  visibility?: { public: boolean; users?: string[] };
}

/**
 * Where search reads documents when an event says something changed, and for a full
 * rebuild. Each module that owns searchable things provides one (the lead wires catalog
 * and playlists; accounts' users are wired here).
 */
export interface DocumentSource {
  /** The kinds this source provides. */
  kinds: readonly SearchKind[];
  /**
   * The current documents of `kind` with these ids (absent ids were deleted), or every
   * document of that kind when `ids` is omitted. Yields batches.
   */
  documents(kind: SearchKind, ids?: readonly string[]): AsyncIterable<SearchDocument[]>;
}

/** The `runnel:<kind>:<id>` URI of an item. */
export const uriOf = (kind: SearchKind, id: string) => `runnel:${kind}:${id}`;
