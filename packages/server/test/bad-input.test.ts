import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RouteOptions } from 'fastify';
import { testApp, type TestApp, type TestUser } from '../src/testing/app.ts';
import { concreteUrl, routeMethods } from './routes.ts';
import { validSample, wrongTypes, type Schema } from './schema-samples.ts';

/**
 * Every route is sent malformed input generated from its own schemas: invalid JSON, wrong
 * types, missing and unknown fields, bodies that are not objects, oversized bodies, bad
 * query values and bad path parameters. Every answer must be a 4xx in the error shape.
 * New routes are covered as soon as they are registered.
 */
let t: TestApp;
let admin: TestUser;
before(async () => {
  t = await testApp();
  admin = await t.makeUser({ role: 'admin' });
});
after(() => t.close());

interface Case {
  label: string;
  method: string;
  url: string;
  payload?: string;
  contentType?: string;
}

function schemaOf(route: RouteOptions, part: 'body' | 'querystring' | 'params'): Schema | undefined {
  return (route.schema as Record<string, Schema> | undefined)?.[part];
}

function casesFor(route: RouteOptions, method: string): Case[] {
  const cases: Case[] = [];
  const url = concreteUrl(route.url);
  const body = schemaOf(route, 'body');
  const json = (label: string, value: unknown) => cases.push({ label, method, url, payload: JSON.stringify(value), contentType: 'application/json' });
  if (body) {
    const valid = validSample(body) as Record<string, unknown>;
    cases.push({ label: 'invalid JSON', method, url, payload: '{"a": ', contentType: 'application/json' });
    cases.push({ label: 'oversized body', method, url, payload: JSON.stringify({ blob: 'x'.repeat(2 * 1024 * 1024) }), contentType: 'application/json' });
    cases.push({ label: 'wrong content type', method, url, payload: 'a=1', contentType: 'application/x-www-form-urlencoded' });
    for (const notObject of [[], 'text', 42, null, true]) json(`body ${JSON.stringify(notObject)}`, notObject);
    json('unknown field', { ...valid, zz_unknown_field: 1 });
    for (const key of body.required ?? []) {
      const { [key]: _omitted, ...rest } = valid;
      json(`missing ${key}`, rest);
    }
    for (const [key, prop] of Object.entries(body.properties ?? {})) {
      for (const bad of wrongTypes(prop)) json(`${key} = ${JSON.stringify(bad)}`, { ...valid, [key]: bad });
    }
  }
  const query = schemaOf(route, 'querystring');
  for (const [key, prop] of Object.entries(query?.properties ?? {})) {
    const types = Array.isArray(prop.type) ? prop.type : [prop.type];
    if (types.includes('integer') || types.includes('number')) {
      for (const bad of ['abc', '-99999999', '1e999', '1.5x'])
        cases.push({ label: `query ${key}=${bad}`, method, url: `${url}?${key}=${encodeURIComponent(bad)}` });
    }
  }
  if (route.url.includes(':')) {
    for (const bad of ['%E2%98%83', 'a'.repeat(150), '..%2F..%2Fetc%2Fpasswd', '%00']) {
      cases.push({ label: `param ${bad.slice(0, 20)}`, method, url: concreteUrl(route.url, bad) });
    }
  }
  return cases;
}

test('malformed requests get a 4xx in the error shape on every route, never a 5xx', async () => {
  let sent = 0;
  for (const route of t.routes) {
    if (!route.url.startsWith('/api/') || route.url === '/api/v1/events') continue;
    for (const method of routeMethods(route)) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      for (const c of casesFor(route, method)) {
        const response = await t.http.inject({
          method: c.method as 'GET',
          url: c.url,
          headers: { ...admin.auth, ...(c.contentType ? { 'content-type': c.contentType } : {}) },
          payload: c.payload,
        });
        const where = `${c.method} ${route.url} (${c.label}) answered ${response.statusCode}: ${response.body.slice(0, 200)}`;
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, where);
        const error = response.json().error;
        assert.equal(error.status, response.statusCode, where);
        assert.equal(typeof error.code, 'string', where);
        assert.equal(typeof error.message, 'string', where);
        sent += 1;
      }
    }
  }
  assert.ok(sent > 50, `only ${sent} malformed requests were generated`);
  // The admin's session survived all of it.
  assert.equal((await t.http.inject({ method: 'GET', url: '/api/v1/me', headers: admin.auth })).statusCode, 200);
});

test('random bytes as bodies never cause a 5xx', async () => {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const bodyRoutes = t.routes.filter((r) => schemaOf(r, 'body'));
  for (let i = 0; i < 200; i++) {
    const route = bodyRoutes[i % bodyRoutes.length]!;
    const bytes = Buffer.from(Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256)));
    const response = await t.http.inject({
      method: routeMethods(route)[0] as 'POST',
      url: concreteUrl(route.url),
      headers: { ...admin.auth, 'content-type': 'application/json' },
      payload: bytes,
    });
    assert.ok(response.statusCode < 500, `${route.url} answered ${response.statusCode}`);
  }
});

test('NUL and other control characters are refused with 400 invalid_text on both databases, before any route', async () => {
  const other = await t.makeUser();
  const cases: [string, string, unknown][] = [
    ['POST', '/api/v1/me/playlists', { name: 'mix\u0000tape' }],
    ['POST', '/api/v1/me/folders', { name: 'folder\u0000' }],
    ['PATCH', '/api/v1/me', { display_name: '\u0000' }],
    ['POST', '/api/v1/me/tokens', { name: 'token\u001b[31m' }],
    ['POST', '/api/v1/me/shares', { uri: 'runnel:track:abc', to: [other.me.id], message: 'hi\u0000' }],
    ['POST', '/api/v1/me/playlists', { name: 'ok', 'key\u0000': 1 }],
    // C1 controls and bidirectional overrides: a name that reads otherwise than it is stored.
    ['PATCH', '/api/v1/me', { display_name: 'admin\u0085' }],
    ['PATCH', '/api/v1/me', { display_name: 'nimda\u202e' }],
    ['POST', '/api/v1/me/playlists', { name: 'mix\u2066tape\u2069' }],
  ];
  for (const [method, url, body] of cases) {
    const response = await t.http.inject({ method: method as 'POST', url, headers: admin.auth, payload: body as object });
    assert.equal(response.statusCode, 400, `${method} ${url}: ${response.body}`);
    assert.equal(response.json().error.code, 'invalid_text');
  }
  for (const url of ['/api/v1/search?q=a%00b', '/api/v1/playlists/abc%00']) {
    const response = await t.http.inject({ method: 'GET', url, headers: admin.auth });
    assert.equal(response.json().error?.code, 'invalid_text', `${url}: ${response.body}`);
  }
  const fine = await t.http.inject({
    method: 'POST',
    url: '/api/v1/me/playlists',
    headers: admin.auth,
    payload: { name: 'tab\tand', description: 'line\nbreaks' },
  });
  assert.equal(fine.statusCode, 201, 'tab and line breaks are text');
  const rtl = await t.http.inject({ method: 'POST', url: '/api/v1/me/playlists', headers: admin.auth, payload: { name: 'שירים\u200f 2024 \u200eمزيج' } });
  assert.equal(rtl.statusCode, 201, 'right-to-left text and its marks are text');
  const deep = await t.http.inject({
    method: 'POST',
    url: '/api/v1/me/playlists',
    headers: { ...admin.auth, 'content-type': 'application/json' },
    payload: `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  });
  assert.equal(deep.statusCode, 400);
});
