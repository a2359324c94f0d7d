import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Accounts, AccountsDeps } from './accounts/service.ts';
import type { Ads } from './ads/service.ts';
import type { Catalog } from './catalog/service.ts';
import type { Role } from './cluster/roles.ts';
import type { Collection } from './collection/service.ts';
import type { MetricsAccess, TrustProxy } from './config.ts';
import type { Db, DbKind } from './db/database.ts';
import type { Devices } from './devices/service.ts';
import type { Radio } from './discovery/radio.ts';
import type { Discovery } from './discovery/service.ts';
import type { Downloads } from './downloads/service.ts';
import type { EventBus } from './events/bus.ts';
import type { Timeouts } from './http/instance.ts';
import type { Metrics } from './http/metrics.ts';
import type { Jobs } from './jobs/jobs.ts';
import type { Library } from './library/service.ts';
import type { Libraries } from './libraries/service.ts';
import type { Loudness } from './loudness/service.ts';
import type { LyricsService } from './lyrics/service.ts';
import type { Plans } from './plans/service.ts';
import type { Player } from './player/service.ts';
import type { Playlists } from './playlists/service.ts';
import type { ScrobblingDeps, ScrobblingService } from './scrobbling/service.ts';
import type { Search, SearchDeps } from './search/service.ts';
import type { ShareLinks } from './share-links/service.ts';
import type { Social } from './social/service.ts';
import type { StreamingDeps, Streaming } from './streaming/service.ts';
import type { Clock } from './time.ts';
import type { CatalogLookup } from './track-lookup.ts';
import type { RouteOptions } from 'fastify';

/** What buildApp (app.ts) is given, and the app it returns: every module's service, for the server and the tests. */
export interface AppDeps {
  db: Db;
  dbKind: DbKind;
  events: EventBus;
  metrics: Metrics;
  logger: Logger | false;
  sessionTtlS: number;
  /** Largest accepted request body, in bytes. */
  bodyLimit?: number;
  /** Data folder (artwork, caches, the demo library). */
  dataDir: string;
  /** Streaming settings and, in tests, its TrackFiles. */
  streaming?: Partial<Omit<StreamingDeps, 'events' | 'dataDir' | 'credentialActive' | 'plans' | 'tierOf'>>;
  /** The catalogue as collection/playlists/player see it; omitted: the catalog module. */
  catalogLookup?: CatalogLookup;
  /** Search settings (how long a query waits for the index while it loads at start; where its index is saved, default `<dataDir>/search`). */
  search?: Pick<SearchDeps, 'readyWaitMs' | 'indexDir'>;
  /** Which proxies may tell the client's address and protocol (see Config.trustProxy); none when omitted. */
  trustProxy?: TrustProxy;
  /** Who may read `/metrics`; administrators when omitted. */
  metricsAccess?: MetricsAccess;
  /** Accounts settings (the sign-in throttle's clock and cache sizes, in tests). */
  accounts?: Pick<AccountsDeps, 'throttle' | 'cacheSize'>;
  /** How long a client may take to send a request; see Timeouts. */
  timeouts?: Partial<Timeouts>;
  /** Where every module reads the time (the machine's clock when omitted; tests set and advance theirs). */
  clock?: Clock;
  /** What this node does in a cluster (cluster/README.md); `all` when omitted. */
  role?: Role;
  /** Background jobs (pg-boss on a cluster); in this process when omitted. The app stops them when it closes. */
  jobs?: Jobs;
  /** LRCLIB to ask for lyrics a track lacks (Config.lrclib); off when omitted. */
  lrclibUrl?: string;
  /** Measure the loudness of tracks without ReplayGain after each scan (Config.loudness); on when omitted. */
  loudness?: boolean;
  /** Public links play only the first this many seconds of each track (Config.sharePlayback); in full when omitted. */
  sharePreviewSeconds?: number;
  /** Where scrobbles go (Config's listenbrainzUrl and lastfm*); ListenBrainz's own, and no Last.fm, when omitted. */
  scrobbling?: Pick<ScrobblingDeps, 'listenbrainzUrl' | 'lastfm' | 'retryBaseMs' | 'pollMs'>;
}

export interface App {
  http: FastifyInstance;
  accounts: Accounts;
  catalog: Catalog;
  library: Library;
  libraries: Libraries;
  streaming: Streaming;
  plans: Plans;
  ads: Ads;
  downloads: Downloads;
  collection: Collection;
  playlists: Playlists;
  player: Player;
  devices: Devices;
  discovery: Discovery;
  radio: Radio;
  social: Social;
  shareLinks: ShareLinks;
  lyrics: LyricsService;
  loudness: Loudness;
  scrobbling: ScrobblingService;
  search: Search;
  /** Where the modules read the time. */
  clock: Clock;
  /** Every route registered, as declared (tests walk these). */
  routes: RouteOptions[];
}
