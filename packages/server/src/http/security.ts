import type { FastifyInstance } from 'fastify';

const ALWAYS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
const PAGE_POLICY =
  "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'";
/**
 * Everything that is not the player's page (API answers, images, audio, assets, errors) is
 * never meant to run as a document: if a browser is ever made to open one as such (a
 * mislabelled picture, a sniffing browser), it gets no scripts, no requests and an opaque origin.
 */
const RESOURCE_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";
const ON_ARRIVAL = { ...ALWAYS, 'content-security-policy': RESOURCE_POLICY };

/**
 * Security headers on every response; API answers are never cached by intermediaries. They
 * are set when the request arrives, so they also ride on replies written straight to the
 * socket (streaming) and on errors; only the player's HTML page swaps in its own policy.
 */
export function installSecurityHeaders(app: FastifyInstance) {
  // Callback hooks, not async ones: they run on every request and never wait, and an async
  // hook costs a promise and a trip through the microtask queue each time.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(ON_ARRIVAL);
    reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    const html = typeof type === 'string' && type.startsWith('text/html');
    // Again here, where missing: a reply that an earlier onRequest hook ended still goes
    // through onSend. The onRequest hook above sets them all at once and nothing removes
    // them, so one present means all are. A route's own choice stands (Subsonic lets other
    // origins load its media).
    if (!reply.hasHeader('x-content-type-options')) {
      for (const [name, value] of Object.entries(ALWAYS)) if (!reply.hasHeader(name)) reply.header(name, value);
    }
    if (html) reply.header('content-security-policy', PAGE_POLICY);
    else if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', RESOURCE_POLICY);
    done(null, payload);
  });
}
