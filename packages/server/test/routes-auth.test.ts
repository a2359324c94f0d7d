import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { endpoints } from '../src/subsonic/endpoints/index.ts';
import { testApp, type TestApp } from '../src/testing/app.ts';
import { concreteUrl, routeMethods } from './routes.ts';

/**
 * The only routes anyone may call without a session or token (besides the web player's pages
 * and the pages of public links, `/s/:id` and `/y/:id`). The Subsonic surface (`/rest`)
 * passes the session check because it authenticates each request itself, the Subsonic way
 * (its own test below walks every endpoint); `OPTIONS /rest/*` is the CORS preflight.
 */
const SUBSONIC = ['GET /rest/:endpoint', 'POST /rest/:endpoint', 'OPTIONS /rest/*'];
const PUBLIC = new Set([
  'GET /health',
  'GET /api/v1/openapi.json',
  'GET /api/v1/auth/setup',
  'POST /api/v1/auth/setup',
  'POST /api/v1/auth/login',
  // Public links: what a link shares, for anyone holding it (share-links/README.md)
  'GET /api/v1/share-links/:id',
  'GET /api/v1/share-links/:id/cover',
  'GET /api/v1/share-links/:id/tracks/:trackId/stream',
  // A year summary its owner shared by link: the summary only, until they turn it off (history/README.md)
  'GET /api/v1/summaries/:id',
  ...SUBSONIC,
]);
/** Subsonic endpoints that answer without credentials: apps read the server's type before signing in. */
const SUBSONIC_PUBLIC = new Set(['ping', 'getOpenSubsonicExtensions']);

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

test('every API route but the public ones answers 401 without credentials (walks the registered routes)', async () => {
  const checked: string[] = [];
  for (const route of t.routes) {
    for (const method of routeMethods(route)) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      const key = `${method} ${route.url}`;
      if (!route.url.startsWith('/api/') && !route.url.startsWith('/rest/')) continue; // the web player's pages
      if (PUBLIC.has(key)) continue;
      for (const headers of [{}, { authorization: 'Bearer rs_not-a-real-token' }, { cookie: 'runnel_session=rs_forged' }]) {
        const response = await t.http.inject({
          method,
          url: concreteUrl(route.url),
          headers,
          payload: method === 'GET' || method === 'DELETE' ? undefined : {},
        });
        assert.equal(response.statusCode, 401, `${key} with ${JSON.stringify(headers)} answered ${response.statusCode}`);
        assert.match(response.json().error.code, /^(unauthorized|invalid_token)$/);
      }
      checked.push(key);
    }
  }
  assert.ok(checked.length >= 10, `only ${checked.length} routes checked`);
});

test('the public routes are exactly the allowed ones', () => {
  const publicRoutes = t.routes
    .filter((r) => (r.config as { public?: boolean } | undefined)?.public)
    .flatMap((r) =>
      routeMethods(r)
        .filter((m) => m !== 'HEAD')
        .map((m) => `${m} ${r.url}`),
    )
    .filter((key) => key.includes(' /api/') || key.includes(' /rest/') || PUBLIC.has(key));
  for (const key of publicRoutes) assert.ok(PUBLIC.has(key), `${key} is public but not on the allowed list`);
});

test('every Subsonic endpoint but ping and getOpenSubsonicExtensions refuses requests without valid credentials', async () => {
  const names = Object.keys(endpoints);
  let attempt = 0;
  for (const name of names) {
    const isPublic = endpoints[name]!.public === true;
    assert.equal(isPublic, SUBSONIC_PUBLIC.has(name), `${name} is ${isPublic ? '' : 'not '}public`);
    const cases: [Record<string, string>, number][] = [
      [{}, 10],
      [{ u: `nobody-${name}`, p: 'wrong' }, 40],
      // 41 (no app password), as for a real user without one: nothing tells who exists.
      [{ u: `nobody-${name}`, t: 'ffffffffffffffffffffffffffffffff', s: 'salt' }, 41],
      [{ apiKey: 'rt_forged' }, 44],
    ];
    for (const [credentials, code] of cases) {
      if (isPublic && Object.keys(credentials).length === 0) continue;
      for (const method of ['GET', 'POST'] as const) {
        const query = new URLSearchParams({ ...credentials, f: 'json', id: 'x' }).toString();
        // Each request from its own address: the sign-in throttle would otherwise answer the later ones.
        attempt += 1;
        const remoteAddress = `10.9.${attempt >> 8}.${attempt & 255}`;
        const response =
          method === 'GET'
            ? await t.http.inject({ method, url: `/rest/${name}?${query}`, remoteAddress })
            : await t.http.inject({
                method,
                url: `/rest/${name}.view`,
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                payload: query,
                remoteAddress,
              });
        assert.equal(response.statusCode, 200, `${method} ${name}`);
        const body = response.json()['subsonic-response'];
        assert.equal(body.status, 'failed', `${method} ${name} with ${JSON.stringify(credentials)} must fail`);
        assert.equal(body.error.code, code, `${method} ${name} with ${JSON.stringify(credentials)}: ${body.error.message}`);
      }
    }
  }
  assert.ok(names.length >= 4);
});

test('unknown routes answer 404 in the error shape', async () => {
  const response = await t.http.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
  assert.equal(response.statusCode, 404);
  assert.deepEqual(Object.keys(response.json().error).sort(), ['code', 'message', 'status']);
  assert.equal(response.json().error.code, 'route_not_found');
});
