import type { FastifyInstance, FastifyReply } from 'fastify';
import { authenticate, hasCredentials } from './auth.ts';
import { withScope } from '../viewer-scope.ts';
import { SENT, type Endpoints, type SubsonicServices } from './endpoint.ts';
import { CODES, SubsonicError, notAuthorized, toSubsonicError } from './errors.ts';
import { Params } from './params.ts';
import { render, type Format, type Node } from './response.ts';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-total-count, content-length, content-range, content-type, accept-ranges, x-content-duration, etag',
  // Browser apps on other origins load covers and audio from here.
  'cross-origin-resource-policy': 'cross-origin',
};

/**
 * The Subsonic / OpenSubsonic API at `/rest/NAME` and `/rest/NAME.view`: GET, HEAD and form
 * POST; XML by default, `f=json` or `f=jsonp`. Every outcome, errors included, is an
 * envelope with HTTP 200 (media endpoints send bytes instead). Authentication is Subsonic's
 * own (auth.ts), so the routes are outside the global session check.
 */
export function subsonicRoutes(app: FastifyInstance, services: SubsonicServices, endpoints: Endpoints) {
  app.register(
    async (scope) => {
      // Form bodies, read as query strings; text/plain too, as before the app at large dropped it.
      scope.addContentTypeParser(['application/x-www-form-urlencoded', 'text/plain'], { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_request, body, done) =>
        done(null, body),
      );
      scope.addHook('onRequest', async (_request, reply) => {
        reply.headers(CORS);
      });

      scope.options('/*', { config: { public: true, anyOrigin: true }, schema: { hide: true } }, async (request, reply) => {
        const asked = request.headers['access-control-request-headers'];
        return reply
          .code(204)
          .headers({
            'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
            'access-control-allow-headers': typeof asked === 'string' && /^[\w\s,-]{0,500}$/.test(asked) ? asked : 'content-type, range',
            'access-control-max-age': '86400',
          })
          .send();
      });

      scope.route<{ Params: { endpoint: string } }>({
        method: ['GET', 'HEAD', 'POST'],
        url: '/:endpoint',
        config: { public: true, anyOrigin: true },
        schema: { hide: true },
        handler: async (request, reply) => {
          const params = Params.of(request.url, request.body);
          const format = formatOf(params);
          params.check();
          const name = request.params.endpoint.replace(/\.view$/, '');
          const endpoint = Object.hasOwn(endpoints, name) ? endpoints[name] : undefined;
          if (!endpoint) throw new SubsonicError(CODES.notFound, `Runnel does not offer the endpoint ${name}`);
          const address = request.ip;
          let outcome;
          if (endpoint.public) {
            const user = hasCredentials(params) ? await authenticate(params, services.accounts, address) : undefined;
            outcome = await endpoint.handle({ params, user, services, format, request, reply });
          } else {
            const user = await authenticate(params, services.accounts, address);
            if (endpoint.admin && user.role !== 'admin') throw notAuthorized('Only an administrator may do that');
            // The user's libraries bound everything the endpoint reads (libraries/README.md).
            const scope = await services.libraries.scopeFor(user);
            outcome = await withScope(scope, () => endpoint.handle({ params, user, services, format, request, reply }));
          }
          if (outcome === SENT) return reply;
          return send(reply, params, 'ok', outcome ?? {});
        },
      });

      scope.setNotFoundHandler((request, reply) => {
        const params = Params.of(request.url, undefined);
        return send(reply, params, 'failed', errorBody(new SubsonicError(CODES.notFound, `No endpoint at ${request.url.split('?')[0]}`)));
      });

      scope.setErrorHandler((error, request, reply) => {
        if (reply.sent || reply.raw.headersSent) {
          request.log.warn({ err: error }, 'subsonic: failed after the response began');
          return;
        }
        let known = toSubsonicError(error);
        if (!known) {
          const status = (error as { statusCode?: number }).statusCode ?? 500;
          if (status >= 500) request.log.error({ err: error }, 'subsonic: unhandled error');
          known = new SubsonicError(CODES.generic, status >= 500 ? 'Something went wrong on the server; it has been logged' : (error as Error).message);
        }
        return send(reply, Params.of(request.url, typeof request.body === 'string' ? request.body : undefined), 'failed', errorBody(known));
      });
    },
    { prefix: '/rest' },
  );
}

function errorBody(error: SubsonicError): Node {
  return { error: { code: error.code, message: error.message } };
}

const CALLBACK = /^[A-Za-z_$][\w$]{0,63}(\.[A-Za-z_$][\w$]{0,63}){0,4}$/;

/** `f`: xml (default), json, or jsonp with a `callback` that is a plain JavaScript name. */
function formatOf(params: Params): Format {
  const f = params.get('f')?.toLowerCase();
  if (f === 'json') return 'json';
  if (f === 'jsonp') return CALLBACK.test(params.get('callback') ?? '') ? 'jsonp' : 'json';
  return 'xml';
}

function send(reply: FastifyReply, params: Params, status: 'ok' | 'failed', body: Node) {
  let format = formatOf(params);
  let payload = body;
  if (params.get('f')?.toLowerCase() === 'jsonp' && format === 'json' && status === 'ok') {
    format = 'json';
    payload = errorBody(new SubsonicError(CODES.missingParameter, 'f=jsonp needs a callback parameter that is a JavaScript name'));
    status = 'failed';
  }
  const rendered = render(format, status, payload, params.get('callback'));
  return reply.code(200).type(rendered.contentType).header('cache-control', 'no-store').send(rendered.body);
}
