/** A playlist's own row; `revision` counts item mutations and is what snapshot_id encodes. */
export interface PlaylistsTable {
  id: string;
  owner_id: string;
  name: string;
  description: string | null;
  public: number;
  collaborative: number;
  revision: number;
  item_count: number;
  /** How many items are catalogue tracks, and their total duration: kept with each edit (Subsonic's songCount and duration). */
  track_count: number;
  track_duration_ms: number;
  follower_count: number;
  /** sha256 of the shared edit link's token; null when no link is out. */
  edit_token_hash: string | null;
  /** A smart playlist's definition (JSON of @runnel/api's SmartDefinition): its items are evaluated, never stored. Null: an ordinary playlist. */
  smart_rules: string | null;
  created_at: number;
  updated_at: number;
}

/**
 * One entry of a playlist. `id` is the stable entry id merges work by; `pos` is a sortable
 * fractional key (a double): inserts and moves write only the rows they place, between
 * their neighbours' keys, and the playlist is renumbered only when a gap runs out.
 */
export interface PlaylistEntriesTable {
  id: string;
  playlist_id: string;
  pos: number;
  /** `runnel:track:<id>` or `runnel:local:…`. */
  uri: string;
  /** The catalogue track id, null for a local file. */
  track_id: string | null;
  /** The catalogue track's duration when it was added; null for a local file (its uri holds it). */
  duration_ms: number | null;
  added_by: string | null;
  added_at: number;
}

/** The change log: one row per revision, the operation stated by entry ids (JSON). */
export interface PlaylistChangesTable {
  playlist_id: string;
  revision: number;
  user_id: string;
  at: number;
  op: string;
}

/** Users attached to a playlist: invited collaborators and followers (one role each). */
export interface PlaylistMembersTable {
  playlist_id: string;
  user_id: string;
  role: 'collaborator' | 'follower';
  added_at: number;
}

/**
 * The user's sidebar: an ordered tree of folders and playlists. A playlist node's id is
 * the playlist id; a folder's is its own. `idx` orders siblings (sidebars are small, so
 * siblings are simply renumbered on a move).
 */
export interface SidebarNodesTable {
  user_id: string;
  id: string;
  kind: 'folder' | 'playlist';
  parent_id: string | null;
  name: string | null;
  idx: number;
}

export interface PlaylistsTables {
  playlists: PlaylistsTable;
  playlist_entries: PlaylistEntriesTable;
  playlist_changes: PlaylistChangesTable;
  playlist_members: PlaylistMembersTable;
  sidebar_nodes: SidebarNodesTable;
}
