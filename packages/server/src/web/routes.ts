import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import { ServerInfo } from '@runnel/api';
import { notFound } from '../errors.ts';
import { VERSION } from '../version.ts';
import type { Api } from '../http/typed.ts';

/** Where `npm run build -w @runnel/web` puts the player. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const AssetParams = Type.Object({ '*': Type.String() });
const IconParams = Type.Object({ name: Type.String({ pattern: '^[a-z0-9-]+\\.(png|svg)$', maxLength: 64 }) });
/** The service worker fetches this origin only (the shell, covers, stored audio). */
const WORKER_POLICY = "default-src 'self'";
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.html': 'text/html; charset=utf-8',
};

/**
 * The web player: `/` and every other page path answer with index.html (the player routes
 * in the browser), `/assets/*` are the hashed bundles, cached for a year. Also
 * `GET /api/v1/server-info`, which tells the player which features this server has, so it
 * shows only those, and the server's stable id.
 */
export function webRoutes(app: Api, features: string[], serverId: () => Promise<string>) {
  app.get(
    '/api/v1/server-info',
    {
      schema: { tags: ['system'], summary: 'Version and the features this server has', response: { 200: ServerInfo } },
    },
    async () => ({ version: VERSION, features, server_id: await serverId() }),
  );

  app.get('/', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => sendPlayerPage(reply));

  // The installable app: its manifest and icons, and the service worker (which must be
  // revalidated on every check, and may fetch this origin's shell and media).
  app.get('/manifest.webmanifest', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    sendWebFile(reply, 'manifest.webmanifest', 'public, max-age=3600'),
  );
  app.get('/icons/:name', { config: { public: true }, schema: { hide: true, params: IconParams } }, async (request, reply) =>
    sendWebFile(reply, `icons/${request.params.name}`, 'public, max-age=86400'),
  );
  app.get('/sw.js', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-security-policy', WORKER_POLICY);
    return sendWebFile(reply, 'sw.js', 'no-cache');
  });

  // Hashed assets never change: gzip each once, keep it in memory.
  const gzipped = new Map<string, Buffer>();
  app.get('/assets/*', { config: { public: true }, schema: { hide: true, params: AssetParams } }, async (request, reply) => {
    const path = normalize(join(WEB_DIST, 'assets', request.params['*']));
    if (!path.startsWith(join(WEB_DIST, 'assets')) || !existsSync(path) || !statSync(path).isFile()) throw notFound('File', 'file_not_found');
    reply
      .type(TYPES[extname(path)] ?? 'application/octet-stream')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('vary', 'accept-encoding');
    const compressible = /\.(js|css|map|svg|html)$/.test(path);
    if (compressible && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      let body = gzipped.get(path);
      if (!body) {
        body = gzipSync(readFileSync(path), { level: 9 });
        gzipped.set(path, body);
      }
      return reply.header('content-encoding', 'gzip').send(body);
    }
    return reply.send(createReadStream(path));
  });
}

/** A file of the built player at a fixed name (no path from the request reaches the file system). */
function sendWebFile(reply: FastifyReply, name: string, cacheControl: string) {
  const path = join(WEB_DIST, name);
  if (!existsSync(path)) throw notFound('File', 'file_not_found');
  return reply
    .type(TYPES[extname(path)] ?? 'application/octet-stream')
    .header('cache-control', cacheControl)
    .send(createReadStream(path));
}

/** index.html of the player, or a note on how to build it. */
export function sendPlayerPage(reply: FastifyReply) {
  reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8');
  const index = join(WEB_DIST, 'index.html');
  if (existsSync(index)) return reply.send(createReadStream(index));
  return reply.send(`<!doctype html><html lang="en"><title>Runnel</title><body style="font:16px system-ui;background:#121212;color:#eee;padding:3rem">
<h1>Runnel ${VERSION}</h1><p>The server runs, but the web player is not built. Run <code>npm start</code> (it builds it), or <code>npm run build -w @runnel/web</code>.</p></body></html>`);
}

/** True when a request that matched no route is a page of the player (a browser navigating). */
export function isPlayerPage(method: string, url: string, accept: string | undefined): boolean {
  return (method === 'GET' || method === 'HEAD') && !/^\/(api|rest|assets|icons)(\/|$)/.test(url) && (accept ?? '').includes('text/html');
}
