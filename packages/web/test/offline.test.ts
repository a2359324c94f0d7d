import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ALL_TIME } from '../../server/src/discovery/service.ts';
import type { TestUser } from '../../server/src/testing/app.ts';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';
import { audibleTrack, markOffline, offlineStats, seekAudible } from './offline-page.ts';
import { switchableProxy, type SwitchableProxy } from './switchable-proxy.ts';

// Issue 18: a Premium listener marks playlists "Available offline", the server goes away
// (a proxy in front of it stops: the page's origin stays), and the app opens, browses and
// plays from this browser's storage; what they do offline reaches the server when it is back.

let e2e: E2E;
let proxy: SwitchableProxy;
let listener: TestUser;
let page: Page;
let commute = '';
let later = '';
const ids = new Map<string, string>();
const FORMATS = ['mp3v24', 'flac', 'opus', 'aac', 'ogg'] as const;

before(async () => {
  e2e = await startE2E();
  await scanTracks(
    e2e.app,
    Array.from({ length: 12 }, (_, i) => ({
      title: `Station ${i + 1}`,
      artist: 'Metro',
      album: 'Underground',
      seconds: 8,
      format: FORMATS[i % FORMATS.length],
      cover: 200,
    })),
  );
  const album = (await e2e.app.catalog.listAlbums('name', 10, 0)).items.find((a) => a.name === 'Underground')!;
  for (const track of (await e2e.app.catalog.albumTracks(album.id, 50, 0)).items) ids.set(track.name, track.id);
  listener = await e2e.app.makeUser({ username: 'commuter', password: 'commuter-pass', product: 'premium' });
  const playlist = async (name: string, titles: string[]) => {
    const created = await e2e.app.http.inject({ method: 'POST', url: '/api/v1/me/playlists', headers: listener.auth, payload: { name } });
    const uris = titles.map((t) => `runnel:track:${ids.get(t)}`);
    await e2e.app.http.inject({ method: 'POST', url: `/api/v1/playlists/${created.json().id}/tracks`, headers: listener.auth, payload: { uris } });
    return created.json().id as string;
  };
  commute = await playlist(
    'Commute',
    Array.from({ length: 10 }, (_, i) => `Station ${i + 1}`),
  );
  later = await playlist('Later', ['Station 11']);
  const address = e2e.app.http.server.address();
  proxy = await switchableProxy(typeof address === 'object' && address ? address.port : 0);
  page = await (await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
});
after(async () => {
  await proxy.stop();
  await e2e.close();
});

test('a 10-track playlist marked offline plays with the server stopped: the app reloads, plays track to track, and seeks from storage', async () => {
  await signIn(page, proxy.url, 'commuter', 'commuter-pass');
  // The service worker takes over the page once it has stored the shell.
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 15_000 });
  // Installable: Chromium itself finds nothing missing (manifest, icons, a worker that serves the app);
  // only that a test's browser context is incognito-like, which is the harness, not the app.
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
  assert.deepEqual(
    installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito'),
    [],
  );
  const commuteStats = await markOffline(page, `${proxy.url}/playlist/${commute}`, 'Commute');
  assert.equal(commuteStats.tracks, 10);
  console.log(`# 10 tracks of five formats stored in ${commuteStats.ms.toFixed(0)} ms (${(commuteStats.bytes / 1e6).toFixed(1)} MB)`);
  await markOffline(page, `${proxy.url}/playlist/${later}`, 'Later');

  await proxy.stop();
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'You are offline' }).waitFor();
  await page.goto(`${proxy.url}/playlist/${commute}`); // a navigation the worker answers
  await page.getByRole('heading', { name: 'Commute' }).waitFor();
  await screenshot(page, 'offline-playlist');

  await page.getByRole('row').filter({ hasText: 'Station 1' }).first().dblclick();
  assert.equal((await audibleTrack(page, 'Station 1')).stored, true);
  // Track to track: near the end of the first, the second follows from storage.
  await seekAudible(page, 0.95);
  assert.equal((await audibleTrack(page, 'Station 2')).stored, true);
  const seek = await seekAudible(page, 0.8);
  console.log(`# offline seek to 80 %: playing again after ${seek.toFixed(1)} ms`);
  assert.ok(seek < 100, `the seek took ${seek} ms`);
});

test('what is done offline (plays, a star, a playlist add) reaches the server once it is back, with the plays at their own times and a concurrent edit kept', async () => {
  const offlineFrom = Date.now();
  const played: string[] = [];
  for (const title of ['Station 3', 'Station 4', 'Station 5']) {
    await page.getByRole('row').filter({ hasText: title }).first().dblclick();
    await audibleTrack(page, title);
    await seekAudible(page, 0.6); // past half: the play counts
    played.push(ids.get(title)!);
    await page.waitForTimeout(300);
  }
  await page.getByRole('row').filter({ hasText: 'Station 6' }).first().click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Star', exact: true }).click();
  await page.getByRole('row').filter({ hasText: 'Station 7' }).first().click({ button: 'right' });
  await page.getByRole('menuitem', { name: /Add to playlist/ }).click();
  await page.getByRole('menuitem', { name: 'Later' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: /changes? will be sent/ })
    .waitFor();
  const offlineUntil = Date.now();

  // Meanwhile, on another device that is online, the listener adds to the same playlist.
  const other = await e2e.app.http.inject({
    method: 'POST',
    url: `/api/v1/playlists/${later}/tracks`,
    headers: listener.auth,
    payload: { uris: [`runnel:track:${ids.get('Station 12')}`] },
  });
  assert.equal(other.statusCode, 201);

  await proxy.start();
  await page.getByRole('status').filter({ hasText: 'You are offline' }).waitFor({ state: 'detached', timeout: 15_000 });
  const get = async (url: string) => (await e2e.app.http.inject({ method: 'GET', url, headers: listener.auth })).json();
  for (let i = 0; i < 50 && (await get('/api/v1/playlists/' + later)).tracks.total < 3; i++) await page.waitForTimeout(100);

  const history = (await get('/api/v1/me/player/recently-played?limit=50')).items as { uri: string; played_at: string }[];
  const offlinePlays = history.filter((h) => Date.parse(h.played_at) >= offlineFrom);
  assert.deepEqual(offlinePlays.map((h) => h.uri).sort(), played.map((id) => `runnel:track:${id}`).sort(), 'each offline play once');
  for (const play of offlinePlays) assert.ok(Date.parse(play.played_at) <= offlineUntil, 'played at its own time, not when sent');
  const counts = await e2e.app.database.db
    .selectFrom('top_counts_user')
    .select(['item_id', 'plays'])
    .where('user_id', '=', listener.me.id)
    .where('kind', '=', 'track')
    .where('day', '=', ALL_TIME)
    .where('item_id', 'in', played)
    .execute();
  assert.deepEqual(
    counts.map((c) => Number(c.plays)),
    [1, 1, 1],
    'top lists count each play once',
  );
  assert.deepEqual(await get(`/api/v1/me/starred/contains?ids=${ids.get('Station 6')}`), [true]);
  const items = (await get(`/api/v1/playlists/${later}/tracks?limit=50`)).items as { track: { name: string } }[];
  assert.deepEqual(items.map((i) => i.track.name).sort(), ['Station 11', 'Station 12', 'Station 7']);
  // The offline copy follows the playlist: the two adds are stored too.
  for (let i = 0; i < 100 && (await offlineStats(page, 'Later')).tracks < 3; i++) await page.waitForTimeout(100);
  assert.equal((await offlineStats(page, 'Later')).tracks, 3);

  // Online, an edit elsewhere reaches the offline copy at once: a removal frees its track.
  const removed = await e2e.app.http.inject({
    method: 'DELETE',
    url: `/api/v1/playlists/${later}/tracks`,
    headers: listener.auth,
    payload: { tracks: [{ uri: `runnel:track:${ids.get('Station 12')}` }] },
  });
  assert.equal(removed.statusCode, 200);
  for (let i = 0; i < 100 && (await offlineStats(page, 'Later')).tracks > 2; i++) await page.waitForTimeout(100);
  assert.equal((await offlineStats(page, 'Later')).tracks, 2);
  assert.equal(
    await page.evaluate(async (id) => !!(await (await caches.open('runnel-offline-audio')).match(`/offline/audio/${id}`)), ids.get('Station 12')),
    false,
  );
});

test('offline content not confirmed online for 30 days is removed', async () => {
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const open = indexedDB.open('runnel-offline');
      open.onsuccess = () => resolve(open.result);
    });
    const tx = db.transaction('items', 'readwrite');
    const store = tx.objectStore('items');
    const all = await new Promise<{ name: string; confirmedAt: number }[]>((resolve) => {
      const r = store.getAll();
      r.onsuccess = () => resolve(r.result);
    });
    for (const item of all) if (item.name === 'Later') store.put({ ...item, confirmedAt: Date.now() - 31 * 86_400_000 });
    await new Promise((resolve) => (tx.oncomplete = resolve));
  });
  await proxy.stop();
  await page.goto(`${proxy.url}/offline`);
  await page.getByRole('heading', { name: 'Available offline' }).waitFor();
  const stored = page.getByRole('list', { name: 'Stored on this device' });
  await stored.getByRole('link', { name: 'Commute' }).waitFor();
  await stored.getByRole('link', { name: 'Later' }).waitFor({ state: 'detached' });
  await proxy.start();
});

test('a listener who loses the offline right finds their offline content removed at the next connection', async () => {
  await proxy.stop();
  await page.goto(`${proxy.url}/offline`);
  await page.getByRole('list', { name: 'Stored on this device' }).getByRole('link', { name: 'Commute' }).waitFor();
  const admin = await e2e.app.makeUser({ role: 'admin' });
  const demoted = await e2e.app.http.inject({
    method: 'PATCH',
    url: `/api/v1/admin/users/${listener.me.id}`,
    headers: admin.auth,
    payload: { product: 'free' },
  });
  assert.equal(demoted.statusCode, 200);
  await proxy.start();
  await page.getByText('Nothing yet.').waitFor({ timeout: 15_000 });
  const left = await page.evaluate(async () => {
    const audio = await caches.open('runnel-offline-audio');
    return (await audio.keys()).length;
  });
  assert.equal(left, 0, 'no stored audio is left');
});
