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
import { searchRoutes } from './search/routes.ts';
import { createSearch, type Search } from './search/service.ts';
import { usersSource } from './search/users-source.ts';
import { systemRoutes } from './system/routes.ts';

export interface AppDeps {
  db: Db;
  dbKind: DbKind;
  events: EventBus;
  metrics: Metrics;
  logger: Logger | false;
  sessionTtlS: number;
  /** Largest accepted request body, in bytes. */
  bodyLimit?: number;
}

export interface App {
  http: FastifyInstance;
  accounts: Accounts;
  search: Search;
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
  const search = createSearch({ db: deps.db, events: deps.events, sources: [usersSource(accounts)], onError: (error) => http.log.error({ err: error }, 'search index update failed') });
  await search.start();
  http.addHook('onClose', async () => search.close());
  searchRoutes(http, search);

  await http.ready();
  return { http, accounts, search, routes };
}
