import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from '../src/testing/app.ts';
import { concreteUrl, routeMethods } from './routes.ts';

/** The only routes anyone may call without a session or token. */
const PUBLIC = new Set(['GET /health', 'GET /metrics', 'GET /api/v1/openapi.json', 'GET /api/v1/auth/setup', 'POST /api/v1/auth/setup', 'POST /api/v1/auth/login']);

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
        const response = await t.http.inject({ method, url: concreteUrl(route.url), headers, payload: method === 'GET' || method === 'DELETE' ? undefined : {} });
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
    .flatMap((r) => routeMethods(r).filter((m) => m !== 'HEAD').map((m) => `${m} ${r.url}`))
    .filter((key) => key.includes(' /api/') || key.includes(' /rest/') || PUBLIC.has(key));
  for (const key of publicRoutes) assert.ok(PUBLIC.has(key), `${key} is public but not on the allowed list`);
});

test('unknown routes answer 404 in the error shape', async () => {
  const response = await t.http.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
  assert.equal(response.statusCode, 404);
  assert.deepEqual(Object.keys(response.json().error).sort(), ['code', 'message', 'status']);
  assert.equal(response.json().error.code, 'route_not_found');
});
