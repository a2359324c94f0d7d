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

test('the installable app: manifest, icons and a service worker that may fetch this origin and is revalidated on every check', async () => {
  const manifest = await t.http.inject({ method: 'GET', url: '/manifest.webmanifest' });
  assert.equal(manifest.statusCode, 200);
  assert.match(manifest.headers['content-type'] as string, /application\/manifest\+json/);
  const app = manifest.json() as { display: string; start_url: string; icons: { src: string; sizes: string }[] };
  assert.equal(app.display, 'standalone');
  for (const icon of app.icons) assert.equal((await t.http.inject({ method: 'GET', url: icon.src })).statusCode, 200, icon.src);
  assert.ok(app.icons.some((i) => i.sizes === '512x512') && app.icons.some((i) => i.sizes === '192x192'));

  const worker = await t.http.inject({ method: 'GET', url: '/sw.js' });
  assert.equal(worker.statusCode, 200);
  assert.match(worker.headers['content-type'] as string, /text\/javascript/);
  assert.equal(worker.headers['cache-control'], 'no-cache');
  assert.equal(worker.headers['content-security-policy'], "default-src 'self'");
  assert.match(worker.body, /runnel-shell-[0-9a-f]{16}/);

  for (const url of ['/icons/..%2Fsw.js', '/icons/x.js', '/icons/%2e%2e%2findex.html'])
    assert.ok([400, 404].includes((await t.http.inject({ method: 'GET', url })).statusCode), url);
});

test('the server id is the same whatever address the server is reached by', async () => {
  const ids = new Set<string>();
  const user = await t.makeUser();
  for (const host of ['127.0.0.1:4533', 'music.example.org', '192.168.1.20:4533', '[::1]:4533']) {
    const info = await t.http.inject({ method: 'GET', url: '/api/v1/server-info', headers: { ...user.auth, host } });
    assert.equal(info.statusCode, 200);
    ids.add(info.json().server_id);
  }
  assert.equal(ids.size, 1);
  assert.match([...ids][0]!, /^[A-Za-z0-9_-]{8,}$/);
});
