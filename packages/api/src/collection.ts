import Type, { type Static } from 'typebox';
import { CatalogObject, IdList, ListPageQuery } from './catalog-refs.ts';
import { Paging, Strict } from './common.ts';
import { PlaylistItem } from './playlists.ts';

/** `?ids=a,b,c` for save/remove/contains. */
export const IdsQuery = Strict({ ids: IdList });
export type IdsQuery = Static<typeof IdsQuery>;

export const FollowType = Type.Literal('artist');
/** `?type=artist&ids=…` for following artists (Spotify's /me/following). */
export const FollowQuery = Strict({ type: FollowType, ids: IdList });
export type FollowQuery = Static<typeof FollowQuery>;
export const FollowListQuery = Strict({
  type: FollowType,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
});
export type FollowListQuery = Static<typeof FollowListQuery>;

export const CollectionPageQuery = ListPageQuery;

export const SavedTrack = Type.Object({ added_at: Type.String({ format: 'date-time' }), track: CatalogObject });
export const SavedAlbum = Type.Object({ added_at: Type.String({ format: 'date-time' }), album: CatalogObject });
export const SavedTracks = Paging(SavedTrack);
export const SavedAlbums = Paging(SavedAlbum);
export const FollowedArtists = Type.Object({ artists: Paging(CatalogObject) });
export const Contains = Type.Array(Type.Boolean());

/** The always-present "Starred" playlist, shaped like a playlist with its first page of items. */
export const StarredPlaylist = Type.Object({
  id: Type.Literal('starred'),
  type: Type.Literal('playlist'),
  name: Type.Literal('Starred'),
  uri: Type.String(),
  href: Type.String(),
  public: Type.Literal(false),
  collaborative: Type.Literal(false),
  snapshot_id: Type.String(),
  tracks: Paging(PlaylistItem),
});
export type StarredPlaylist = Static<typeof StarredPlaylist>;
