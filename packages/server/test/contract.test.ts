import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ROUTES, type RouteSchemas } from '@runnel/api';
import type { RouteOptions } from 'fastify';
import { testApp, type TestApp } from '../src/testing/app.ts';

/**
 * The web player's client is typed from @runnel/api's ROUTES; these must be the schemas the
 * server registers for the same routes, or the client's types would describe another API.
 */
let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

const json = (schema: unknown) => JSON.stringify(schema);

const registered = (method: string, url: string): RouteOptions | undefined =>
  t.routes.find((r) => r.url === url && (Array.isArray(r.method) ? r.method.includes(method) : r.method === method));

test('every route in ROUTES is registered, with the same params, query, body and success schemas', () => {
  for (const [key, schemas] of Object.entries(ROUTES) as [string, RouteSchemas][]) {
    const [method, path] = key.split(' ') as [string, string];
    const route = registered(method, `/api/v1${path}`);
    assert.ok(route, `${key} is not a route of the server`);
    const schema = route.schema as { params?: unknown; querystring?: unknown; body?: unknown; response?: Record<string, unknown> };
    assert.equal(json(schema.params), json(schemas.params), `${key}: params`);
    assert.equal(json(schema.querystring), json(schemas.query), `${key}: query`);
    assert.equal(json(schema.body), json(schemas.body), `${key}: body`);
    const success = Object.entries(schema.response ?? {}).filter(([status]) => /^2\d\d$/.test(status));
    // A route with two (Spotify's GET /me/player: 200 with a state, 204 without) lists both in ROUTES as a union.
    assert.ok(success.length >= 1, `${key}: a success answer`);
    const answers = success.length === 1 ? success[0]![1] : { anyOf: success.map(([, s]) => s) };
    assert.equal(json(answers), json(schemas.response), `${key}: response`);
  }
});
