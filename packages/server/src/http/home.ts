import type { FastifyInstance } from 'fastify';
import { VERSION } from '../version.ts';

/**
 * `GET /`: until the web player is served here, a plain page that says what is running and
 * where the API and its documentation are.
 */
export function homeRoute(app: FastifyInstance) {
  app.get('/', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    reply.type('text/html; charset=utf-8');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Runnel</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font:16px system-ui,sans-serif;background:#121212;color:#eee;max-width:40rem;margin:4rem auto;padding:0 1rem}a{color:#1ed760}</style>
</head><body><h1>Runnel ${VERSION}</h1>
<p>The Runnel server is running. The web player is not built yet; the API is ready.</p>
<ul><li><a href="/api/v1/openapi.json">API description (OpenAPI)</a></li><li><a href="/health">Health</a></li></ul>
</body></html>`;
  });
}
