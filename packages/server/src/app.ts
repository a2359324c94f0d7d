import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import type { Logger } from 'pino';
import { createAccounts, type Accounts } from './accounts/service.ts';
import { accountsRoutes } from './accounts/routes.ts';
import type { Db, DbKind } from './db/database.ts';
import type { EventBus } from './events/bus.ts';
import { liveRoutes } from './events/live.ts';
import { installAuth } from './http/auth.ts';
import { installErrorHandling } from './http/errors.ts';
import { homeRoute } from './http/home.ts';
import type { Metrics } from './http/metrics.ts';
import { installOpenApi } from './http/openapi.ts';
import { installSecurityHeaders } from './http/security.ts';
import { installValidation } from './http/validation.ts';
import { systemRoutes } from './system/routes.ts';
import { createCollection, type Collection } from './collection/service.ts';
import { collectionRoutes } from './collection/routes.ts';
import { createPlayer, type Player } from './player/service.ts';
import { playerRoutes } from './player/routes.ts';
import { createPlaylists, type Playlists } from './playlists/service.ts';
import { playlistsRoutes } from './playlists/routes.ts';
import { testCatalog } from './testing/test-catalog.ts';
import type { CatalogLookup } from './track-lookup.ts';

export interface AppDeps {
  db: Db;
  dbKind: DbKind;
  events: EventBus;
  metrics: Metrics;
  logger: Logger | false;
  sessionTtlS: number;
  /** Largest accepted request body, in bytes. */
  bodyLimit?: number;
  /** The catalogue as collection/playlists/player see it; until the catalog is wired in, the fixed test catalogue. */
  catalog?: CatalogLookup;
}

export interface App {
  http: FastifyInstance;
  accounts: Accounts;
  collection: Collection;
  playlists: Playlists;
  player: Player;
  /** Every route registered, as declared (tests walk these). */
  routes: RouteOptions[];
}

/** Builds the whole HTTP application from its dependencies; does not listen. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const http = Fastify({
    loggerInstance: deps.logger || undefined,
    logger: deps.logger ? undefined : false,
    bodyLimit: deps.bodyLimit ?? 256 * 1024,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
  }) as unknown as FastifyInstance;

  const routes: RouteOptions[] = [];
  http.addHook('onRoute', (route) => {
    routes.push(route);
  });
  installValidation(http);
  installErrorHandling(http);
  installSecurityHeaders(http);
  // JSON bodies; an empty body (a DELETE sent with a JSON content type) is no body.
  http.removeContentTypeParser('application/json');
  http.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      const error = Object.assign(new SyntaxError('The body is not valid JSON'), { statusCode: 400 });
      done(error, undefined);
    }
  });

  await installOpenApi(http);
  await http.register(cookie);
  await http.register(websocket, { options: { maxPayload: 64 * 1024 } });

  const accounts = createAccounts({ db: deps.db, events: deps.events, sessionTtlS: deps.sessionTtlS });
  installAuth(http, accounts);
  deps.metrics.install(http);

  systemRoutes(http, deps.db);
  homeRoute(http);
  accountsRoutes(http, accounts);
  liveRoutes(http, deps.events);

  // TODO(lead): pass the catalog module's lookup as deps.catalog when merging; testCatalog() is the stand-in.
  const catalog = deps.catalog ?? testCatalog();
  const collection = createCollection({ db: deps.db, events: deps.events, catalog });
  const userExists = async (id: string) => (await accounts.getUser(id).catch(() => undefined)) !== undefined;
  const userNames = async (ids: string[]) =>
    new Map((await Promise.all(ids.map((id) => accounts.getUser(id).catch(() => undefined)))).filter((u) => u !== undefined).map((u) => [u.id, u.display_name]));
  const playlists = createPlaylists({ db: deps.db, events: deps.events, tracks: catalog, userExists, userNames });
  const player = createPlayer({ db: deps.db, events: deps.events, catalog, canViewPlaylist: playlists.canView });
  collectionRoutes(http, collection);
  playlistsRoutes(http, playlists);
  playerRoutes(http, player);

  await http.ready();
  return { http, accounts, collection, playlists, player, routes };
}
