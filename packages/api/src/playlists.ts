import Type, { type Static } from 'typebox';
import { CatalogObject, ListPageQuery, UserRef } from './catalog-refs.ts';
import { Id, Paging, Strict } from './common.ts';

/**
 * A playable item's uri: `runnel:track:<id>` for a catalogue track, or
 * `runnel:local:<key>:<artist>:<album>:<title>:<duration_ms>` for a file on the listener's
 * device (each part URL-encoded, like Spotify's local uris).
 */
export const ItemUri = Type.String({
  maxLength: 1200,
  pattern: '^runnel:(track:[A-Za-z0-9_-]{1,64}|local:[^:\\s]{1,200}:[^:\\s]{0,300}:[^:\\s]{0,300}:[^:\\s]{0,300}:[0-9]{1,10})$',
});

/** Opaque version of a playlist's items; every mutation returns the new one. */
export const SnapshotId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Description = Type.Union([Type.String({ maxLength: 300 }), Type.Null()]);

export const CreatePlaylistBody = Strict({
  name: Name,
  description: Type.Optional(Description),
  public: Type.Optional(Type.Boolean()),
  collaborative: Type.Optional(Type.Boolean()),
});
export type CreatePlaylistBody = Static<typeof CreatePlaylistBody>;

export const UpdatePlaylistBody = Strict(
  { name: Type.Optional(Name), description: Type.Optional(Description), public: Type.Optional(Type.Boolean()), collaborative: Type.Optional(Type.Boolean()) },
  { minProperties: 1 },
);
export type UpdatePlaylistBody = Static<typeof UpdatePlaylistBody>;

/** One entry of a playlist, Spotify-shaped, plus the stable `entry_id` Runnel merges by. */
export const PlaylistItem = Type.Object({
  entry_id: Type.String(),
  added_at: Type.String({ format: 'date-time' }),
  added_by: Type.Union([UserRef, Type.Null()]),
  is_local: Type.Boolean(),
  track: Type.Union([CatalogObject, Type.Null()], {
    description:
      'The catalogue track, or a local file (`is_local`); a track that has left the catalogue is `{id, type, uri, is_playable: false}`, still removable by its uri',
  }),
});
export type PlaylistItem = Static<typeof PlaylistItem>;

/** The playlist's owner, Spotify-shaped: always with `display_name`. */
export const PlaylistOwner = Type.Object({
  ...UserRef.properties,
  display_name: Type.Union([Type.String(), Type.Null()], { description: 'null when the account is gone' }),
});
export type PlaylistOwner = Static<typeof PlaylistOwner>;

const PlaylistFields = {
  id: Type.String(),
  type: Type.Literal('playlist'),
  uri: Type.String(),
  href: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  public: Type.Boolean(),
  collaborative: Type.Boolean(),
  owner: PlaylistOwner,
  editable: Type.Boolean({ description: 'Whether the caller may change the items (owner or collaborator)' }),
  snapshot_id: SnapshotId,
  revision: Type.Integer({ description: 'Revision number behind snapshot_id (for /changes?since=)' }),
  images: Type.Array(Type.Object({ url: Type.String() })),
  followers: Type.Object({ href: Type.Null(), total: Type.Integer() }),
  smart: Type.Optional(Type.Boolean({ description: 'A smart playlist: its items follow its rules (read-only; edit the rules)' })),
};

/** A playlist in lists: items only counted. */
export const SimplifiedPlaylist = Type.Object({ ...PlaylistFields, tracks: Type.Object({ href: Type.String(), total: Type.Integer() }) });
export type SimplifiedPlaylist = Static<typeof SimplifiedPlaylist>;

/** A playlist with its first page of items. */
export const Playlist = Type.Object({ ...PlaylistFields, tracks: Paging(PlaylistItem) });
export type Playlist = Static<typeof Playlist>;

export const PlaylistItems = Paging(PlaylistItem);
export const SimplifiedPlaylists = Paging(SimplifiedPlaylist);
export const PlaylistItemsQuery = ListPageQuery;

export const AddItemsBody = Strict({
  uris: Type.Array(ItemUri, { minItems: 1, maxItems: 100 }),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'Index to insert at; omitted: append' })),
  snapshot_id: Type.Optional(SnapshotId),
});
export type AddItemsBody = Static<typeof AddItemsBody>;

export const ReorderItemsBody = Strict({
  range_start: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  insert_before: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  range_length: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
  snapshot_id: Type.Optional(SnapshotId),
});
export type ReorderItemsBody = Static<typeof ReorderItemsBody>;

export const RemoveItemsBody = Strict({
  tracks: Type.Array(
    Strict({ uri: ItemUri, positions: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 10_000_000 }), { minItems: 1, maxItems: 100 })) }),
    { minItems: 1, maxItems: 100 },
  ),
  snapshot_id: Type.Optional(SnapshotId),
});
export type RemoveItemsBody = Static<typeof RemoveItemsBody>;

export const SnapshotResponse = Type.Object({
  snapshot_id: SnapshotId,
  revision: Type.Integer(),
  applied: Type.Boolean({ description: 'false when nothing was left to do (e.g. the entries were removed by someone else meanwhile)' }),
});
export type SnapshotResponse = Static<typeof SnapshotResponse>;

const ChangeBase = { revision: Type.Integer(), at: Type.String({ format: 'date-time' }), by: Type.String({ description: 'user id' }) };
/** One operation of the change log, stated by entry ids so any client can replay it exactly. */
export const PlaylistChange = Type.Union([
  Type.Object({
    ...ChangeBase,
    op: Type.Literal('add'),
    index: Type.Integer({ description: 'Index of the first added entry after the change' }),
    after_entry_id: Type.Union([Type.String(), Type.Null()]),
    entries: Type.Array(Type.Object({ entry_id: Type.String(), uri: Type.String(), added_at: Type.String({ format: 'date-time' }), added_by: Type.String() })),
  }),
  Type.Object({
    ...ChangeBase,
    op: Type.Literal('move'),
    index: Type.Integer({ description: 'Index of the first moved entry after the change' }),
    after_entry_id: Type.Union([Type.String(), Type.Null()]),
    entry_ids: Type.Array(Type.String()),
  }),
  Type.Object({ ...ChangeBase, op: Type.Literal('remove'), entry_ids: Type.Array(Type.String()), positions: Type.Array(Type.Integer()) }),
]);
export type PlaylistChange = Static<typeof PlaylistChange>;

export const ChangesQuery = Strict({ since: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }) });
export const PlaylistChanges = Type.Object({
  snapshot_id: SnapshotId,
  revision: Type.Integer(),
  reload: Type.Boolean({ description: 'true: the log does not reach back to `since`; fetch the items again' }),
  changes: Type.Array(PlaylistChange),
});
export type PlaylistChanges = Static<typeof PlaylistChanges>;

export const PlaylistParams = Strict({ id: Id });
export const CollaboratorParams = Strict({ id: Id, user_id: Id });
export const Collaborators = Type.Object({ items: Type.Array(UserRef) });
export const EditLink = Type.Object({ token: Type.String(), expires_at: Type.Null() });
export const JoinBody = Strict({ token: Type.String({ minLength: 10, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) });
export type JoinBody = Static<typeof JoinBody>;
export const FollowersContainsQuery = Strict({ ids: Type.String({ minLength: 1, maxLength: 5 * 65, pattern: '^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$' }) });

/** A node of the user's sidebar: a folder or a playlist, listed in tree order (pre-order). */
export const SidebarNode = Type.Object({
  id: Type.String({ description: 'Folder id, or the playlist id for a playlist node' }),
  type: Type.Union([Type.Literal('folder'), Type.Literal('playlist')]),
  name: Type.String(),
  parent_id: Type.Union([Type.String(), Type.Null()]),
  depth: Type.Integer(),
  index: Type.Integer({ description: 'Position among its siblings' }),
  editable: Type.Optional(Type.Boolean({ description: 'Playlist nodes: whether you may change its items (owner or collaborator)' })),
  smart: Type.Optional(Type.Boolean({ description: 'Playlist nodes: a smart playlist' })),
});
export type SidebarNode = Static<typeof SidebarNode>;
export const Sidebar = Type.Object({ items: Type.Array(SidebarNode) });
export type Sidebar = Static<typeof Sidebar>;

export const CreateFolderBody = Strict({
  name: Name,
  parent_id: Type.Optional(Type.Union([Id, Type.Null()])),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
});
export type CreateFolderBody = Static<typeof CreateFolderBody>;
export const RenameFolderBody = Strict({ name: Name });
export const MoveNodeBody = Strict({ node_id: Id, parent_id: Type.Union([Id, Type.Null()]), position: Type.Integer({ minimum: 0, maximum: 10_000_000 }) });
export type MoveNodeBody = Static<typeof MoveNodeBody>;
/** What happens to a folder's content when it is deleted: moved up into its parent (in place), or deleted with it. */
export const FolderContentRule = Type.Union([Type.Literal('move_up'), Type.Literal('delete')]);
export type FolderContentRule = Static<typeof FolderContentRule>;
export const DeleteFolderQuery = Strict({ content: Type.Optional(FolderContentRule) });

/**
 * An order for your playlists instead of the list's own: `name` A–Z in your language (the one
 * chosen in Settings, else the request's Accept-Language: Swedish files Å, Ä, Ö after Z),
 * `added` the most recently added to your library first (made, followed or joined).
 */
export const PlaylistSort = Type.Union([Type.Literal('name'), Type.Literal('added')]);
export type PlaylistSort = Static<typeof PlaylistSort>;

/** A page of your playlists: newest first, or in `sort`'s order. */
export const MyPlaylistsQuery = Strict({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  sort: Type.Optional(PlaylistSort),
});
export type MyPlaylistsQuery = Static<typeof MyPlaylistsQuery>;
/** Your sidebar as its tree (folders, your order), or with `sort` its playlists alone, flat, in that order. */
export const SidebarQuery = Strict({ sort: Type.Optional(PlaylistSort) });
export type SidebarQuery = Static<typeof SidebarQuery>;

/** A folder just made. */
export const CreatedFolder = Type.Object({ id: Type.String() });
export type CreatedFolder = Static<typeof CreatedFolder>;

/** One answer per user asked about, in order. */
export const FollowersContain = Type.Array(Type.Boolean());

/** A local file's item in a playlist: what its `runnel:local:` uri says (no catalogue ids). */
export const LocalItemTrack = Type.Object({
  uri: Type.String(),
  name: Type.String(),
  artists: Type.Array(Type.Object({ name: Type.String() })),
  album: Type.Object({ name: Type.String() }),
  duration_ms: Type.Number(),
  is_local: Type.Literal(true),
  local_key: Type.String(),
});
export type LocalItemTrack = Static<typeof LocalItemTrack>;
