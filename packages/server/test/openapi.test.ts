import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { testApp, type TestApp } from '../src/testing/app.ts';
import { routeMethods } from './routes.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

test('GET /api/v1/openapi.json is a valid OpenAPI 3 document listing every API route', async () => {
  const response = await t.http.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  assert.equal(response.statusCode, 200);
  const document = response.json();
  const result = await new Validator().validate(document);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  assert.match(document.openapi, /^3\./);

  const listed = new Set<string>();
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
    for (const method of Object.keys(item)) listed.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
  }
  let expected = 0;
  for (const route of t.routes) {
    if (!route.url.startsWith('/api/v1/') || (route.schema as { hide?: boolean } | undefined)?.hide) continue;
    for (const method of routeMethods(route)) {
      if (method === 'HEAD') continue;
      expected += 1;
      assert.ok(listed.has(`${method} ${route.url}`), `${method} ${route.url} is missing from the OpenAPI document`);
    }
  }
  assert.ok(expected >= 15);
  assert.deepEqual(document.paths['/api/v1/auth/login'].post.security, [], 'public routes say so');
});
