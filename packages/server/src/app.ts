import { join } from 'node:path';
import type { RouteOptions } from 'fastify';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import { createAccounts } from './accounts/service.ts';
import { accountsRoutes } from './accounts/routes.ts';
import { catalogRoutes } from './catalog/routes.ts';
import { createCatalog } from './catalog/service.ts';
import { libraryRoutes } from './library/routes.ts';
import { createLibrary } from './library/service.ts';
import { installAuth } from './http/auth.ts';
import { createHttp } from './http/instance.ts';
import { installErrorHandling } from './http/errors.ts';
import { installOpenApi } from './http/openapi.ts';
import { installSecurityHeaders } from './http/security.ts';
import { installTextCheck } from './http/text.ts';
import { installValidation } from './http/validation.ts';
import { typed } from './http/typed.ts';
import { catalogTrackFiles } from './streaming/files.ts';
import { streamingRoutes } from './streaming/routes.ts';
import { createStreaming } from './streaming/service.ts';
import { cachedCatalogDetails } from './search/catalog-cache.ts';
import { searchRoutes } from './search/routes.ts';
import { createDiscovery } from './discovery/service.ts';
import { discoveryRoutes } from './discovery/routes.ts';
import { createRadio } from './discovery/radio.ts';
import { radioSources } from './discovery/radio-sources.ts';
import { createSocial, type Social } from './social/service.ts';
import type { OnActivity } from './activity.ts';
import { socialRoutes } from './social/routes.ts';
import { createSearch } from './search/service.ts';
import { catalogSource, playlistsSource, usersSource } from './search/sources.ts';
import { systemRoutes } from './system/routes.ts';
import { serverTools } from './tools/report.ts';
import { webRoutes } from './web/routes.ts';
import { FEATURES } from './web/features.ts';
import { serverId } from './system/server-id.ts';
import { createCollection } from './collection/service.ts';
import { collectionRoutes } from './collection/routes.ts';
import { createPlayer } from './player/service.ts';
import { playerRoutes } from './player/routes.ts';
import { installRole, works } from './cluster/roles.ts';
import { createLocalJobs } from './jobs/local.ts';
import { installDevices } from './devices/install.ts';
import { withRendererCredentials } from './devices/renderers/media.ts';
import { installJsonBodies, installRequestLog } from './http/requests.ts';
import { createPlaylists } from './playlists/service.ts';
import { playlistsRoutes } from './playlists/routes.ts';
import { createSmartEngine } from './smart-playlists/engine.ts';
import { smartPlaylistsRoutes } from './smart-playlists/routes.ts';
import { createSmartPlaylists } from './smart-playlists/service.ts';
import { catalogLookup } from './track-lookup.ts';
import { loadOrCreateKey } from './keys.ts';
import { subsonicRoutes } from './subsonic/routes.ts';
import { systemClock } from './time.ts';
import { endpoints } from './subsonic/endpoints/index.ts';
import { createPlans } from './plans/service.ts';
import { plansRoutes } from './plans/routes.ts';
import { createAds } from './ads/service.ts';
import { adsRoutes } from './ads/routes.ts';
import { createDownloads } from './downloads/service.ts';
import { downloadsRoutes } from './downloads/routes.ts';
import { createShareLinks } from './share-links/service.ts';
import { shareLinksRoutes } from './share-links/routes.ts';
import { createLyrics } from './lyrics/service.ts';
import { lyricsRoutes } from './lyrics/routes.ts';
import { createLoudness } from './loudness/service.ts';
import { scrobblingRoutes } from './scrobbling/routes.ts';
import { createScrobbling } from './scrobbling/service.ts';
import { installHistory } from './history/install.ts';
import { createLibraries } from './libraries/service.ts';
import { librariesRoutes } from './libraries/routes.ts';
import { installViewerScope } from './libraries/install.ts';

import type { App, AppDeps } from './app-types.ts';

export type { App, AppDeps };

/** Builds the whole HTTP application from its dependencies; does not listen. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const clock = deps.clock ?? systemClock;
  const now = () => clock.now();
  const http = createHttp(deps);

  const routes: RouteOptions[] = [];
  http.addHook('onRoute', (route) => {
    routes.push(route);
  });
  const role = deps.role ?? 'all';
  installRole(http, role);
  const jobs = deps.jobs ?? createLocalJobs({ working: works(role), onError: (error, what) => http.log.error({ err: error }, what) });
  http.addHook('onClose', async () => jobs.stop());
  installValidation(http);
  installTextCheck(http);
  installRequestLog(http);
  installErrorHandling(http);
  installSecurityHeaders(http);
  installJsonBodies(http);

  await installOpenApi(http);
  await http.register(cookie);
  await http.register(websocket, { options: { maxPayload: 64 * 1024 } });

  const accounts = createAccounts({
    db: deps.db,
    events: deps.events,
    sessionTtlS: deps.sessionTtlS,
    secretKey: loadOrCreateKey(deps.dataDir, 'app-password.key'),
    now,
    ...deps.accounts,
  });
  const catalog = createCatalog({ db: deps.db, events: deps.events, dataDir: deps.dataDir, now });
  const library = createLibrary({
    db: deps.db,
    events: deps.events,
    catalog,
    dataDir: deps.dataDir,
    now,
    jobs,
    onError: (error) => http.log.error({ err: error }, 'library scan failed'),
  });
  await library.installJobs();
  await jobs.queue({ name: 'sessions-prune' }, async () => void (await accounts.pruneSessions()));
  await jobs.schedule('sessions-prune', '17 * * * *');
  installAuth(http, accounts);
  const libraries = createLibraries({
    db: deps.db,
    events: deps.events,
    folderIds: async () => (await library.folders()).map((f) => f.id),
    roleOf: async (userId) => (await accounts.getUser(userId).catch(() => undefined))?.role,
    now,
  });
  installViewerScope(http, libraries);
  deps.metrics.install(http, deps.metricsAccess);

  const plans = createPlans({ db: deps.db, events: deps.events, now });
  const streaming = createStreaming({
    events: deps.events,
    dataDir: deps.dataDir,
    files: catalogTrackFiles(catalog),
    credentialActive: withRendererCredentials(deps.db, accounts.credentialActive),
    tierOf: accounts.tierOf,
    plans: {
      maxBitrate: async (tier) => (await plans.get(tier)).max_bitrate,
      admit: (listener) => plans.requireListening(listener.userId, listener.tier),
      admitOffline: (listener) => plans.requireRight(listener.tier, 'offline', 'Listening offline'),
    },
    now,
    onError: (error) => http.log.error({ err: error }, 'streaming'),
    ...deps.streaming,
  });

  const api = typed(http);
  systemRoutes(api, deps.db, [{ name: 'transcoding', optional: true, run: streaming.health }]);
  // Which tool copies there are, asked now in the background: the first /health then starts no process.
  void serverTools();
  accountsRoutes(api, accounts);
  webRoutes(api, [...FEATURES], serverId(deps.db));
  catalogRoutes(api, catalog);
  const loudness = createLoudness({
    db: deps.db,
    events: deps.events,
    catalog,
    jobs,
    ffmpegPath: streaming.ffmpegPath,
    now,
    onError: (e) => http.log.warn({ err: e }, 'loudness'),
  });
  if (deps.loudness !== false) await loudness.install();
  const lyrics = createLyrics({ db: deps.db, catalog, lrclibUrl: deps.lrclibUrl, now, onError: (error) => http.log.warn({ err: error }, 'LRCLIB') });
  lyricsRoutes(api, lyrics);
  libraryRoutes(api, library);
  librariesRoutes(api, libraries);
  streamingRoutes(api, streaming);
  plansRoutes(api, plans);
  const ads = createAds({ db: deps.db, plans, dataDir: deps.dataDir, ffmpegPath: streaming.ffmpegPath, now });
  adsRoutes(api, ads);
  http.addHook('onClose', async () => plans.close());

  const music = deps.catalogLookup ?? catalogLookup(catalog);
  // What listeners do, for their followers' feed: reported by the modules where it happens, recorded by social (made below).
  const late: { social?: Social } = {};
  const onActivity: OnActivity = async (activity) => late.social?.record(activity);
  const scrobbling = createScrobbling({
    db: deps.db,
    jobs,
    secretKey: loadOrCreateKey(deps.dataDir, 'scrobbling.key'),
    tracks: music,
    now,
    ...deps.scrobbling,
    onError: (error) => http.log.warn({ err: error }, 'scrobbling'),
  });
  await scrobbling.install();
  scrobblingRoutes(api, scrobbling);
  // Stars are loves on the listener's scrobbling services.
  const onStarred = (userId: string, trackIds: string[], starred: boolean) => scrobbling.starred(userId, trackIds, starred);
  const collection = createCollection({ db: deps.db, events: deps.events, catalog: music, onActivity, onStarred, now });
  const userExists = async (id: string) => (await accounts.getUser(id).catch(() => undefined)) !== undefined;
  const userNames = async (ids: string[]) => new Map((await accounts.usersForIndex(ids)).map((u) => [u.id, u.display_name]));
  const smartEngine = createSmartEngine({ db: deps.db, dbKind: deps.dbKind, now });
  const playlists = createPlaylists({ db: deps.db, events: deps.events, tracks: music, userExists, userNames, onActivity, smart: smartEngine, now });
  const discovery = createDiscovery({ db: deps.db, catalog: music, now });
  const player = createPlayer({
    db: deps.db,
    events: deps.events,
    catalog: music,
    canViewPlaylist: playlists.canView,
    now,
    onPlayed: async (userId, track, at, play) => {
      // Scrobbles are kept once per play, so a play reported again is offered again (in case the first report's was lost).
      await scrobbling.played(userId, track, at, play.id);
      if (play.again) return;
      await discovery.recordPlay(userId, track, at);
      await plans.listened(userId, Number(track.duration_ms) || 0);
      await onActivity({ userId, kind: 'played', uri: `runnel:track:${track.id}`, at });
    },
    // Toward the next ad break, for plans with ads only (the tier is read from memory).
    onStarted: async (userId, track) => {
      await scrobbling.nowPlaying(userId, track);
      const tier = await accounts.tierOf(userId);
      if (tier && (await ads.hasAds(tier))) await ads.trackStarted(userId, String(track.id), Number(track.duration_ms) || 0);
    },
  });
  collectionRoutes(api, collection);
  playlistsRoutes(api, playlists);
  smartPlaylistsRoutes(api, createSmartPlaylists({ engine: smartEngine, playlists }));
  // Downloads follow the plan (made with the plans and ads above) and need the playlists.
  const downloads = createDownloads({ db: deps.db, catalog, playlists, plans, streaming, now });
  downloadsRoutes(api, downloads);
  playerRoutes(api, player);
  installHistory(api, { db: deps.db, music, names: userNames, now, onError: (error) => http.log.warn({ err: error }, 'history search text') });
  const devices = installDevices(http, api, {
    db: deps.db,
    events: deps.events,
    music,
    catalog,
    playlists,
    accounts,
    streaming,
    played: player.played,
    playingNow: player.playingNow,
    now,
  });
  const radio = createRadio({ db: deps.db, sources: radioSources(catalog, music, playlists) });
  discoveryRoutes(api, discovery, radio);
  const social = createSocial({
    db: deps.db,
    events: deps.events,
    catalog: music,
    users: userNames,
    playlists: { visible: playlists.summaries, publicOf: playlists.publicOf },
    nowPlaying: player.nowPlaying,
    now,
    asUser: libraries.asUser,
  });
  late.social = social;
  socialRoutes(api, social);
  const shareLinks = createShareLinks({
    db: deps.db,
    catalog,
    playlists,
    users: { names: userNames, tierOf: accounts.tierOf },
    streaming,
    previewSeconds: deps.sharePreviewSeconds,
    now,
  });
  shareLinksRoutes(api, shareLinks);

  const search = createSearch({
    db: deps.db,
    events: deps.events,
    sources: [usersSource(accounts), catalogSource(catalog), playlistsSource(playlists)],
    onError: (error) => http.log.error({ err: error }, 'search index update failed'),
    loadBatch: deps.dbKind === 'postgres' ? 10_000 : 2_000,
    now,
    indexDir: join(deps.dataDir, 'search'),
    visible: async (kind, ids) => {
      const found = await (kind === 'track' ? catalog.tracks(ids) : kind === 'album' ? catalog.albums(ids) : catalog.artists(ids));
      return new Set(found.flatMap((item) => (item ? [item.id] : [])));
    },
    ...deps.search,
  });
  // Not awaited: the index loads in the background (in slices) while the server answers; see search/README.md.
  void search.start();
  const catalogDetails = cachedCatalogDetails(catalog, deps.events);
  http.addHook('onClose', async () => {
    search.close();
    catalogDetails.close();
  });
  searchRoutes(api, search, catalogDetails.details);
  // The modules the app exposes; the Subsonic surface is given the same ones and the clock.
  const modules = {
    accounts,
    catalog,
    library,
    libraries,
    streaming,
    plans,
    ads,
    collection,
    playlists,
    player,
    devices,
    discovery,
    radio,
    search,
    social,
    shareLinks,
    lyrics,
  };
  subsonicRoutes(http, { clock, ...modules }, endpoints);

  await http.ready();
  return { http, ...modules, downloads, loudness, scrobbling, clock, routes };
}
