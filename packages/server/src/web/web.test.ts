import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { testApp, type TestApp } from '../testing/app.ts';
import { WEB_DIST } from './routes.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

test('every page path answers with the player; API paths keep their JSON 404', async () => {
  for (const path of ['/', '/album/abc', '/settings']) {
    const page = await t.http.inject({ method: 'GET', url: path, headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200, path);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.headers['content-security-policy'] as string, /default-src 'self'/);
  }
  const api = await t.http.inject({ method: 'GET', url: '/api/v1/nothing', headers: { accept: 'text/html' } });
  assert.equal(api.statusCode, 404);
  assert.equal(api.json().error.code, 'route_not_found');
});

test('assets are cached for a year and sent gzipped; nothing outside the assets folder is reachable', async () => {
  const js = readdirSync(`${WEB_DIST}assets`).find((f) => f.endsWith('.js'))!;
  const plain = await t.http.inject({ method: 'GET', url: `/assets/${js}` });
  const zipped = await t.http.inject({ method: 'GET', url: `/assets/${js}`, headers: { 'accept-encoding': 'gzip, br' } });
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.match(zipped.headers['cache-control'] as string, /immutable/);
  assert.equal(gunzipSync(zipped.rawPayload).toString(), plain.body);
  assert.ok(zipped.rawPayload.length < plain.rawPayload.length / 2);
  for (const bad of ['../index.html', '..%2F..%2Fpackage.json', '%2e%2e/%2e%2e/package.json']) {
    assert.equal((await t.http.inject({ method: 'GET', url: `/assets/${bad}` })).statusCode, 404, bad);
  }
});
