/**
 * Search's own copy of every searchable item: the index in memory is rebuilt from this
 * table at start and kept current by events, so search never reads another module's
 * tables and a restart does not need the catalogue.
 */
export interface SearchDocumentsTable {
  kind: string;
  id: string;
  title: string;
  /** JSON array of artist names. */
  artists: string;
  album: string | null;
  /** JSON array of genre names. */
  genres: string;
  /** JSON array of other names (a user's username). */
  names: string;
  year: number | null;
  popularity: number;
  /** 1: everyone may find it; 0: only `audience`. */
  public: number;
  /** JSON array of user ids who may find a non-public item. */
  audience: string;
  updated_at: number;
  /** The `search_generations` counter of the write that last stored the row. */
  generation: number;
}

/** A removed document: the generation of its removal (a node catching up from an older saved index removes it too). */
export interface SearchRemovalsTable {
  kind: string;
  id: string;
  generation: number;
}

/** How many times each kind's rows were written to (see migrations.ts). */
export interface SearchGenerationsTable {
  kind: string;
  generation: number;
}

export interface SearchTables {
  search_documents: SearchDocumentsTable;
  search_generations: SearchGenerationsTable;
  search_removals: SearchRemovalsTable;
}
