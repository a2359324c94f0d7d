import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Accounts, Principal } from '../accounts/service.ts';
import { forbidden, unauthorized } from '../errors.ts';

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
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * Secure by default: every route needs a valid session cookie or bearer token unless its
 * config says `public: true`. Runs before the body is parsed, so strangers' bodies never are.
 */
export function installAuth(app: FastifyInstance, accounts: Accounts) {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const { config, url } = request.routeOptions; // a getter that builds an object: read once
    if (!url) return; // unknown route: the 404 handler answers
    const token = credentials(request, config.tokenInQuery === true);
    if (token) request.principal = await accounts.authenticate(token);
    if (config.public || config.signedUrl) return;
    if (!request.principal) throw unauthorized(token ? 'The session or token is invalid or has expired' : undefined, token ? 'invalid_token' : 'unauthorized');
    if (config.admin && request.principal.user.role !== 'admin') throw forbidden('Only an administrator may do that', 'admin_only');
  });
}

function credentials(request: FastifyRequest, allowQuery: boolean): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? match[1] : undefined;
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (cookie) return cookie;
  if (allowQuery) {
    const query = request.query as Record<string, unknown> | undefined;
    if (typeof query?.access_token === 'string') return query.access_token;
  }
  return undefined;
}
