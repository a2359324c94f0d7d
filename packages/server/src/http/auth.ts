import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify';
import type { Accounts, Principal } from '../accounts/service.ts';
import { forbidden, unauthorized } from '../errors.ts';
import { changesStateOrListens, crossOriginRefused, isCrossOrigin } from './origin.ts';

export const SESSION_COOKIE = 'runnel_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session or token (login, setup, health, metrics, OpenAPI). */
    public?: boolean;
    /** Only administrators. */
    admin?: boolean;
    /** Accepts `?access_token=` too (for WebSocket and media elements that can't set headers). */
    tokenInQuery?: boolean;
    /**
     * Also admits a signed URL, which the route verifies itself in its own onRequest hook
     * (stream URLs for `<audio>`); that hook must answer 401 when there is neither.
     */
    signedUrl?: boolean;
    /**
     * Takes requests from pages of any origin because it authenticates them by credentials in
     * the request itself, never by the session cookie (the Subsonic API, which apps call).
     */
    anyOrigin?: boolean;
  }
  interface FastifyRequest {
    principal?: Principal;
    /** Who a signed URL (no principal) was made for: the catalogue is shown as they may see it (libraries/README.md). */
    viewerId?: string;
  }
}

/** The signed-in user's id, in a route that is not `public` (installAuth has checked the principal). */
export const me = (request: { principal?: { user: { id: string } } }): string => request.principal!.user.id;

/**
 * Secure by default: every route needs a valid session cookie or bearer token unless its
 * config says `public: true`. Runs before the body is parsed, so strangers' bodies never are.
 *
 * The cookie goes along with requests that pages of other origins on the same site (another
 * port, a sibling subdomain) make, so anything but a bearer or query token must come from our
 * own origin to change state or open the live channel; sign-in too (login CSRF).
 */
export function installAuth(app: FastifyInstance, accounts: Accounts) {
  app.decorateRequest('principal', undefined);
  // A callback hook: most requests carry a token this node knows, answered without a promise.
  app.addHook('onRequest', (request, _reply, done) => {
    const { config, url } = request.routeOptions; // a getter that builds an object: read once
    if (!url || config.anyOrigin) return done(); // an unknown route: the 404 handler answers
    const found = credentials(request, config.tokenInQuery === true);
    if (found?.from !== 'explicit' && changesStateOrListens(request) && isCrossOrigin(request)) return done(crossOriginRefused());
    const token = found?.token;
    const known = token ? accounts.authenticateAtOnce(token) : undefined;
    if (known || !token) return done(admitted(request, config, known, token));
    accounts.authenticate(token).then(
      (principal) => done(admitted(request, config, principal, token)),
      (error: unknown) => done(error as Error),
    );
  });
}

/** Sets the request's principal; the error that refuses it, if the route needs one it lacks. */
function admitted(request: FastifyRequest, config: FastifyContextConfig, principal: Principal | undefined, token: string | undefined): Error | undefined {
  request.principal = principal;
  if (config.public || config.signedUrl) return undefined;
  if (!principal) return unauthorized(token ? 'The session or token is invalid or has expired' : undefined, token ? 'invalid_token' : 'unauthorized');
  if (config.admin && principal.user.role !== 'admin') return forbidden('Only an administrator may do that', 'admin_only');
  return undefined;
}

/**
 * The token a request carries, and whether it was sent on purpose (a bearer header or a
 * query token, which a page elsewhere cannot know) or is the cookie a browser adds by itself.
 */
function credentials(request: FastifyRequest, allowQuery: boolean): { token: string; from: 'explicit' | 'cookie' } | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? { token: match[1]!, from: 'explicit' } : undefined;
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (cookie) return { token: cookie, from: 'cookie' };
  if (allowQuery) {
    const query = request.query as Record<string, unknown> | undefined;
    if (typeof query?.access_token === 'string') return { token: query.access_token, from: 'explicit' };
  }
  return undefined;
}
