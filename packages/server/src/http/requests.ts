import type { FastifyInstance } from 'fastify';

/** Every request at debug level; slow ones and server errors at info/warn. */
export function installRequestLog(http: FastifyInstance) {
  // Volume and latency of all requests are in /metrics, which costs far less than a log line each.
  const logsEveryRequest = http.log.level === 'debug' || http.log.level === 'trace';
  // A callback hook: it never waits, and an async one costs a promise per request.
  http.addHook('onResponse', (request, reply, done) => {
    const slow = reply.elapsedTime > 1000;
    const level = reply.statusCode >= 500 ? 'warn' : slow ? 'info' : 'debug';
    if (level !== 'debug' || logsEveryRequest) {
      request.log[level](
        { method: request.method, url: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
        slow ? 'slow request' : 'request',
      );
    }
    done();
  });
}

/**
 * JSON bodies only: any other type is 415 unsupported_media_type, never parsed. Fastify's
 * default text/plain parser goes, since text/plain is what a forged HTML form can send
 * (the Subsonic scope adds the form types its apps use). An empty body (a DELETE sent with
 * a JSON content type) is no body.
 */
export function installJsonBodies(http: FastifyInstance) {
  http.removeContentTypeParser('text/plain');
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
}
