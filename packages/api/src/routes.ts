import type { Static, TSchema } from 'typebox';
import {
  AdminUser,
  AdminUserList,
  AdminUsersQuery,
  ApiTokenList,
  AppPasswordInfo,
  ChangePasswordBody,
  CreateTokenBody,
  CreateUserBody,
  LoginBody,
  Me,
  NewApiToken,
  NewAppPassword,
  SetupBody,
  SetupState,
  TokenResponse,
  UpdateMeBody,
  UpdateUserBody,
} from './accounts.ts';
import {
  Album,
  Artist,
  ArtistAlbumPage,
  ArtistAlbumsQuery,
  GenrePage,
  Lyrics,
  NewReleases,
  PageQuery,
  SeveralTracks,
  Track,
  TrackPage,
  TracksQuery,
} from './catalog.ts';
import {
  Contains,
  FollowListQuery,
  FollowQuery,
  FollowedArtists,
  CollectionPageQuery,
  IdsQuery,
  SavedAlbums,
  SavedTracks,
  StarredPlaylist,
} from './collection.ts';
import { Empty, IdParams } from './common.ts';
import { RadioQuery, RadioStation, RadioVoteBody, TopList, TopParams, TopQuery } from './discovery.ts';
import { AddMusicFolderBody, MusicFolder, MusicFolderList, ScanStatus, StartScanBody } from './library.ts';
import {
  DeviceList,
  DeviceParams,
  DeviceQuery,
  DeviceStateBody,
  PlayBody,
  PlaybackStateOrNothing,
  RegisterDeviceBody,
  SeekQuery,
  TransferBody,
  VolumeQuery,
  DeviceShuffleQuery,
  DeviceRepeatQuery,
  Device,
  RenameDeviceBody,
  AddRendererBody,
  FoundRenderers,
  CardLearning,
  CardList,
  CardParams,
  CardPlay,
  LearnCardBody,
} from './devices.ts';
import { NowPlayingBody, PlayQueue, PlayedBody, QueueItemParams, RecentlyPlayed, RecentlyPlayedQuery, AddToQueueQuery, ReorderQueueBody } from './player.ts';
import {
  AddItemsBody,
  CreateFolderBody,
  CreatePlaylistBody,
  CreatedFolder,
  DeleteFolderQuery,
  FollowersContain,
  FollowersContainsQuery,
  MoveNodeBody,
  MyPlaylistsQuery,
  Playlist,
  PlaylistItems,
  PlaylistParams,
  RemoveItemsBody,
  RenameFolderBody,
  ReorderItemsBody,
  Sidebar,
  SidebarQuery,
  SimplifiedPlaylists,
  SnapshotResponse,
  UpdatePlaylistBody,
} from './playlists.ts';
import {
  CreateSmartPlaylistBody,
  NspExport,
  NspImportBody,
  NspImported,
  SmartCount,
  SmartCountBody,
  SmartPlaylistRules,
  UpdateSmartPlaylistBody,
} from './smart-playlists.ts';
import { ListPageQuery } from './catalog-refs.ts';
import { SearchQuery, SearchResponse } from './search.ts';
import { Feed, FeedQuery, Inbox, InboxQuery, InboxReadBody, People, Profile, ShareBody, ShareResult, SocialSettings, SocialSettingsBody } from './social.ts';
import { LastfmConnectStart, ListenBrainzConnectBody, ScrobblePatch, ScrobbleServiceParams, Scrobbling } from './scrobbling.ts';
import { HistoryPage, HistoryQuery, MySummary, PublicSummary, SummaryLinkParams, SummaryParams, SummaryQuery, SummaryShare } from './history.ts';
import { ShareLink, ShareLinkBody, ShareLinkParams, ShareLinkPatch, ShareLinks, SharedItem } from './share-links.ts';
import { StreamingStatus } from './streaming.ts';
import { Plan, PlanList, PlanParams, PlanPatch, PlanUsage } from './plans.ts';
import { Ad, AdBreakAnswer, AdBreakParams, AdList, CreateAdBody, UpdateAdBody } from './ads.ts';
import { DownloadPage, DownloadsQuery } from './downloads.ts';
import { ServerInfo } from './system.ts';
import { CreateLibraryBody, Library, LibraryList, UpdateLibraryBody } from './libraries.ts';

/** The schemas of one route: what its path, query and body must be, and its success answer. */
export interface RouteSchemas {
  params?: TSchema;
  query?: TSchema;
  body?: TSchema;
  response: TSchema;
}

/**
 * The `/api/v1` routes clients call, keyed `METHOD /path` (paths as Fastify writes them),
 * with the very schemas the server registers for them; a server test holds the two equal.
 * The web player's client takes its types from here.
 */
export const ROUTES = {
  'GET /server-info': { response: ServerInfo },
  // Sign-in and you
  'GET /auth/setup': { response: SetupState },
  'POST /auth/setup': { body: SetupBody, response: TokenResponse },
  'POST /auth/login': { body: LoginBody, response: TokenResponse },
  'POST /auth/logout': { response: Empty },
  'GET /me': { response: Me },
  'PATCH /me': { body: UpdateMeBody, response: Me },
  'PUT /me/password': { body: ChangePasswordBody, response: Empty },
  'GET /me/tokens': { response: ApiTokenList },
  'POST /me/tokens': { body: CreateTokenBody, response: NewApiToken },
  'DELETE /me/tokens/:id': { params: IdParams, response: Empty },
  'GET /me/app-password': { response: AppPasswordInfo },
  // Plans
  'GET /plans': { response: PlanList },
  'GET /me/plan': { response: PlanUsage },
  'POST /me/plan/skips': { response: PlanUsage },
  // Ads
  'POST /me/ad-breaks': { response: AdBreakAnswer },
  'POST /me/ad-breaks/:id/played': { params: AdBreakParams, response: Empty },
  'POST /me/ad-breaks/:id/click': { params: AdBreakParams, response: Empty },
  'GET /admin/ads': { response: AdList },
  'POST /admin/ads': { body: CreateAdBody, response: Ad },
  'PATCH /admin/ads/:id': { params: IdParams, body: UpdateAdBody, response: Ad },
  'DELETE /admin/ads/:id': { params: IdParams, response: Empty },
  // Downloads (the files themselves are links: `/tracks/:id/download`, `/albums/:id/download`, `/playlists/:id/download`)
  'GET /me/downloads': { query: DownloadsQuery, response: DownloadPage },
  'POST /me/app-password': { response: NewAppPassword },
  'DELETE /me/app-password': { response: Empty },
  // Administration
  'GET /admin/users': { query: AdminUsersQuery, response: AdminUserList },
  'POST /admin/users': { body: CreateUserBody, response: AdminUser },
  'PATCH /admin/users/:id': { params: IdParams, body: UpdateUserBody, response: AdminUser },
  'DELETE /admin/users/:id': { params: IdParams, response: Empty },
  'PATCH /admin/plans/:id': { params: PlanParams, body: PlanPatch, response: Plan },
  'GET /admin/streaming/status': { response: StreamingStatus },
  'GET /library/scan': { response: ScanStatus },
  'POST /library/scan': { body: StartScanBody, response: ScanStatus },
  'GET /library/folders': { response: MusicFolderList },
  'POST /library/folders': { body: AddMusicFolderBody, response: MusicFolder },
  'DELETE /library/folders/:id': { params: IdParams, response: Empty },
  'GET /admin/libraries': { response: LibraryList },
  'POST /admin/libraries': { body: CreateLibraryBody, response: Library },
  'PATCH /admin/libraries/:id': { params: IdParams, body: UpdateLibraryBody, response: Library },
  'DELETE /admin/libraries/:id': { params: IdParams, response: Empty },
  // Catalogue
  'GET /tracks': { query: TracksQuery, response: SeveralTracks },
  'GET /tracks/:id': { params: IdParams, response: Track },
  'GET /tracks/:id/lyrics': { params: IdParams, response: Lyrics },
  'GET /albums/:id': { params: IdParams, response: Album },
  'GET /albums/:id/tracks': { params: IdParams, query: PageQuery, response: TrackPage },
  'GET /artists/:id': { params: IdParams, response: Artist },
  'GET /artists/:id/albums': { params: IdParams, query: ArtistAlbumsQuery, response: ArtistAlbumPage },
  'GET /genres': { query: PageQuery, response: GenrePage },
  'GET /browse/new-releases': { query: PageQuery, response: NewReleases },
  'GET /search': { query: SearchQuery, response: SearchResponse },
  // Your collection
  'GET /me/tracks': { query: CollectionPageQuery, response: SavedTracks },
  'PUT /me/tracks': { query: IdsQuery, response: Empty },
  'DELETE /me/tracks': { query: IdsQuery, response: Empty },
  'GET /me/tracks/contains': { query: IdsQuery, response: Contains },
  'GET /me/albums': { query: CollectionPageQuery, response: SavedAlbums },
  'PUT /me/albums': { query: IdsQuery, response: Empty },
  'DELETE /me/albums': { query: IdsQuery, response: Empty },
  'GET /me/albums/contains': { query: IdsQuery, response: Contains },
  'GET /me/starred': { query: CollectionPageQuery, response: StarredPlaylist },
  'PUT /me/starred': { query: IdsQuery, response: Empty },
  'DELETE /me/starred': { query: IdsQuery, response: Empty },
  'GET /me/starred/contains': { query: IdsQuery, response: Contains },
  'GET /me/following': { query: FollowListQuery, response: FollowedArtists },
  'PUT /me/following': { query: FollowQuery, response: Empty },
  'DELETE /me/following': { query: FollowQuery, response: Empty },
  'GET /me/following/contains': { query: FollowQuery, response: Contains },
  // Playlists and the sidebar
  'GET /me/playlists': { query: MyPlaylistsQuery, response: SimplifiedPlaylists },
  'POST /me/playlists': { body: CreatePlaylistBody, response: Playlist },
  'GET /playlists/:id': { params: PlaylistParams, response: Playlist },
  'PUT /playlists/:id': { params: PlaylistParams, body: UpdatePlaylistBody, response: Empty },
  'DELETE /playlists/:id': { params: PlaylistParams, response: Empty },
  'GET /playlists/:id/tracks': { params: PlaylistParams, query: ListPageQuery, response: PlaylistItems },
  'POST /playlists/:id/tracks': { params: PlaylistParams, body: AddItemsBody, response: SnapshotResponse },
  'PUT /playlists/:id/tracks': { params: PlaylistParams, body: ReorderItemsBody, response: SnapshotResponse },
  'DELETE /playlists/:id/tracks': { params: PlaylistParams, body: RemoveItemsBody, response: SnapshotResponse },
  'PUT /playlists/:id/followers': { params: PlaylistParams, response: Empty },
  'DELETE /playlists/:id/followers': { params: PlaylistParams, response: Empty },
  'GET /playlists/:id/followers/contains': { params: PlaylistParams, query: FollowersContainsQuery, response: FollowersContain },
  'GET /me/sidebar': { query: SidebarQuery, response: Sidebar },
  'POST /me/folders': { body: CreateFolderBody, response: CreatedFolder },
  'PATCH /me/folders/:id': { params: IdParams, body: RenameFolderBody, response: Empty },
  'DELETE /me/folders/:id': { params: IdParams, query: DeleteFolderQuery, response: Empty },
  'PUT /me/sidebar/move': { body: MoveNodeBody, response: Empty },
  // Smart playlists (their items: GET /playlists/:id/tracks)
  'POST /me/smart-playlists': { body: CreateSmartPlaylistBody, response: Playlist },
  'POST /me/smart-playlists/count': { body: SmartCountBody, response: SmartCount },
  'POST /me/smart-playlists/import': { body: NspImportBody, response: NspImported },
  'GET /smart-playlists/:id/nsp': { params: PlaylistParams, response: NspExport },
  'GET /smart-playlists/:id': { params: PlaylistParams, response: SmartPlaylistRules },
  'PUT /smart-playlists/:id': { params: PlaylistParams, body: UpdateSmartPlaylistBody, response: Empty },
  // Player
  'GET /me/player/queue': { response: PlayQueue },
  // Devices
  'GET /me/player/devices': { response: DeviceList },
  'PUT /me/player/devices/:id': { params: DeviceParams, body: RegisterDeviceBody, response: Device },
  'PATCH /me/player/devices/:id': { params: DeviceParams, body: RenameDeviceBody, response: Empty },
  'DELETE /me/player/devices/:id': { params: DeviceParams, response: Empty },
  'PUT /me/player/devices/:id/state': { params: DeviceParams, body: DeviceStateBody, response: Empty },
  'GET /me/player/renderers/discover': { response: FoundRenderers },
  'POST /me/player/renderers': { body: AddRendererBody, response: Device },
  'GET /me/player/devices/:id/cards': { params: DeviceParams, response: CardList },
  'POST /me/player/devices/:id/cards/learn': { params: DeviceParams, body: LearnCardBody, response: CardLearning },
  'DELETE /me/player/devices/:id/cards/learn': { params: DeviceParams, response: Empty },
  'GET /me/player/devices/:id/cards/:code': { params: CardParams, response: CardPlay },
  'POST /me/player/devices/:id/cards/:code/read': { params: CardParams, response: CardPlay },
  'DELETE /me/player/devices/:id/cards/:code': { params: CardParams, response: Empty },
  'GET /me/player': { response: PlaybackStateOrNothing },
  'PUT /me/player': { body: TransferBody, response: Empty },
  'PUT /me/player/play': { query: DeviceQuery, body: PlayBody, response: Empty },
  'PUT /me/player/pause': { query: DeviceQuery, response: Empty },
  'POST /me/player/next': { query: DeviceQuery, response: Empty },
  'POST /me/player/previous': { query: DeviceQuery, response: Empty },
  'PUT /me/player/seek': { query: SeekQuery, response: Empty },
  'PUT /me/player/volume': { query: VolumeQuery, response: Empty },
  'PUT /me/player/devices/:id/shuffle': { params: DeviceParams, query: DeviceShuffleQuery, response: Empty },
  'PUT /me/player/devices/:id/repeat': { params: DeviceParams, query: DeviceRepeatQuery, response: Empty },
  'POST /me/player/queue': { query: AddToQueueQuery, response: PlayQueue },
  'PUT /me/player/queue': { body: ReorderQueueBody, response: PlayQueue },
  'DELETE /me/player/queue/items/:id': { params: QueueItemParams, response: PlayQueue },
  'GET /me/player/recently-played': { query: RecentlyPlayedQuery, response: RecentlyPlayed },
  'POST /me/player/recently-played': { body: PlayedBody, response: Empty },
  'PUT /me/player/now-playing': { body: NowPlayingBody, response: Empty },
  // Listening history and the yearly summary (export and import are files, fetched directly)
  'GET /me/history': { query: HistoryQuery, response: HistoryPage },
  'GET /me/summary/:year': { params: SummaryParams, query: SummaryQuery, response: MySummary },
  'PUT /me/summary/:year/share': { params: SummaryParams, query: SummaryQuery, response: SummaryShare },
  'DELETE /me/summary/:year/share': { params: SummaryParams, response: Empty },
  'GET /summaries/:id': { params: SummaryLinkParams, response: PublicSummary },
  // Discovery
  'GET /me/top/:type': { params: TopParams, query: TopQuery, response: TopList },
  'GET /browse/top/:type': { params: TopParams, query: TopQuery, response: TopList },
  'GET /radio': { query: RadioQuery, response: RadioStation },
  'PUT /me/radio/votes': { body: RadioVoteBody, response: Empty },
  // People, shares and the feed
  'POST /me/shares': { body: ShareBody, response: ShareResult },
  'GET /me/inbox': { query: InboxQuery, response: Inbox },
  'PUT /me/inbox/read': { body: InboxReadBody, response: Empty },
  'DELETE /me/inbox/:id': { params: IdParams, response: Empty },
  'GET /me/people': { response: People },
  'GET /users/:id': { params: IdParams, response: Profile },
  'PUT /users/:id/followers': { params: IdParams, response: Empty },
  'DELETE /users/:id/followers': { params: IdParams, response: Empty },
  'GET /me/feed': { query: FeedQuery, response: Feed },
  'GET /me/social-settings': { response: SocialSettings },
  'PUT /me/social-settings': { body: SocialSettingsBody, response: SocialSettings },
  // Public links
  'POST /me/share-links': { body: ShareLinkBody, response: ShareLink },
  'GET /me/share-links': { response: ShareLinks },
  'PATCH /me/share-links/:id': { params: ShareLinkParams, body: ShareLinkPatch, response: ShareLink },
  'DELETE /me/share-links/:id': { params: ShareLinkParams, response: Empty },
  'GET /share-links/:id': { params: ShareLinkParams, response: SharedItem },
  // Scrobbling
  'GET /me/scrobbling': { response: Scrobbling },
  'PUT /me/scrobbling/listenbrainz': { body: ListenBrainzConnectBody, response: Scrobbling },
  'POST /me/scrobbling/lastfm/connect': { response: LastfmConnectStart },
  'PATCH /me/scrobbling/:service': { params: ScrobbleServiceParams, body: ScrobblePatch, response: Scrobbling },
  'DELETE /me/scrobbling/:service': { params: ScrobbleServiceParams, response: Scrobbling },
} as const satisfies Record<string, RouteSchemas>;

/** A route's key, `METHOD /path`. */
export type Route = keyof typeof ROUTES;

type Part<R extends Route, P extends keyof RouteSchemas> = (typeof ROUTES)[R] extends { [K in P]: infer S extends TSchema } ? Static<S> : never;

/** The path parameters of a route (`never`: it has none). */
export type RouteParams<R extends Route> = Part<R, 'params'>;
/** The query string of a route, as values. */
export type RouteQuery<R extends Route> = Part<R, 'query'>;
/** The JSON body of a route. */
export type RouteBody<R extends Route> = Part<R, 'body'>;
/** What a route answers on success (`null`: 204 No Content). */
export type RouteResponse<R extends Route> = Part<R, 'response'>;
