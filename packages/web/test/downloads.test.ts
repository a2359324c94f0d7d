import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { readZip } from '../../server/src/downloads/zip-reader.testing.ts';
import type { TestUser } from '../../server/src/testing/app.ts';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

let e2e: E2E;
let music = '';
let albumId = '';
let playlistId = '';
let listener: TestUser;
before(async () => {
  e2e = await startE2E();
  music = await scanTracks(e2e.app, [
    { title: 'Zebra', artist: 'Beach House', album: 'Teen Dream', seconds: 3, cover: 30 },
    { title: 'Norway', artist: 'Beach House', album: 'Teen Dream', seconds: 3, cover: 30 },
    { title: 'Dancing On My Own', artist: 'Robyn', album: 'Body Talk', seconds: 3, cover: 300 },
  ]);
  listener = await e2e.app.makeUser({ username: 'collector', password: 'collector-pass', product: 'premium' });
  await e2e.app.makeUser({ username: 'freebie', password: 'freebie-pass' });
  const albums = (await e2e.app.catalog.listAlbums('name', 10, 0)).items;
  albumId = albums.find((a) => a.name === 'Teen Dream')!.id;
  const robyn = (await e2e.app.catalog.albumTracks(albums.find((a) => a.name === 'Body Talk')!.id, 10, 0)).items[0]!;
  const created = await e2e.app.http.inject({ method: 'POST', url: '/api/v1/me/playlists', headers: listener.auth, payload: { name: 'Friday night' } });
  playlistId = created.json().id;
  const uris = [`runnel:track:${robyn.id}`];
  await e2e.app.http.inject({ method: 'POST', url: `/api/v1/playlists/${playlistId}/tracks`, headers: listener.auth, payload: { uris } });
});
after(() => e2e.close());

/** Clicks a link that downloads, and returns what the browser saved. */
async function download(page: Page, name: string): Promise<{ file: string; bytes: Buffer }> {
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  const path = await saved.path();
  return { file: saved.suggestedFilename(), bytes: readFileSync(path) };
}

test('with Premium, Download on an album saves its zip (the files as on disk, cover, M3U); the Downloads view lists it, to download again', async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, e2e.url, 'collector', 'collector-pass');

  await page.goto(`${e2e.url}/album/${albumId}`);
  await page.getByRole('link', { name: 'Download Teen Dream' }).waitFor();
  await screenshot(page, 'album-download');
  const album = await download(page, 'Download Teen Dream');
  assert.equal(album.file, 'Beach House - Teen Dream.zip');
  const entries = new Map(readZip(album.bytes).entries.map((entry) => [entry.name, entry.data]));
  assert.deepEqual([...entries.keys()], ['cover.png', 'Teen Dream.m3u8', '01 Beach House - Zebra.mp3', '02 Beach House - Norway.mp3']);
  assert.ok(entries.get('01 Beach House - Zebra.mp3')!.equals(readFileSync(join(music, 'Beach House', 'Teen Dream', '01 Zebra.mp3'))));
  assert.ok(entries.get('02 Beach House - Norway.mp3')!.equals(readFileSync(join(music, 'Beach House', 'Teen Dream', '02 Norway.mp3'))));
  assert.match(entries.get('Teen Dream.m3u8')!.toString(), /^#EXTM3U\n#EXTINF:3,Beach House - Zebra\n01 Beach House - Zebra\.mp3\n/);

  await page.goto(`${e2e.url}/playlist/${playlistId}`);
  const playlist = await download(page, 'Download Friday night');
  assert.equal(playlist.file, 'Friday night.zip');
  assert.deepEqual(
    readZip(playlist.bytes).entries.map((entry) => entry.name),
    ['Friday night.m3u8', '01 Robyn - Dancing On My Own.mp3'],
  );

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Downloads' }).click();
  const list = page.getByRole('list', { name: 'Downloaded' });
  await list.getByRole('link', { name: 'Download again: Friday night' }).waitFor();
  assert.deepEqual(await list.locator('.downloads-name').allInnerTexts(), ['Friday night', 'Teen Dream'], 'newest first');
  assert.equal(await list.locator('img').count(), 2, 'each with its cover');
  await page.waitForFunction(() => [...document.querySelectorAll('.downloads img')].every((img) => (img as HTMLImageElement).complete));
  await screenshot(page, 'downloads');
  const again = await download(page, 'Download again: Teen Dream');
  assert.ok(again.bytes.equals(album.bytes), 'the same zip again');
  await list.locator('.downloads-name').first().filter({ hasText: 'Teen Dream' }).waitFor();
  assert.deepEqual(errors, []);
});

test('on Free, Download explains that downloads are part of Premium, and nothing is saved', async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, e2e.url, 'freebie', 'freebie-pass');
  await page.goto(`${e2e.url}/album/${albumId}`);
  const button = page.getByRole('main').getByRole('button', { name: 'Download' });
  await button.click();
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  await page.getByText('Downloads are part of Premium.').waitFor();
  assert.equal(await page.getByRole('link', { name: 'Download Teen Dream' }).count(), 0);
  await screenshot(page, 'download-premium');
  // The administrator moves them to Premium: the open page offers the download at once, no reload.
  const freebie = (await e2e.app.accounts.userByName('freebie'))!;
  await e2e.app.accounts.updateUser(freebie.id, { product: 'premium' });
  await page.getByRole('link', { name: 'Download Teen Dream' }).waitFor({ timeout: 5000 });
  await e2e.app.accounts.updateUser(freebie.id, { product: 'free' });
  await page.getByRole('main').getByRole('button', { name: 'Download' }).waitFor({ timeout: 5000 });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Downloads' }).click();
  await page.getByText('Nothing downloaded yet.').waitFor();
  await page.getByText('Downloads are part of Premium:').waitFor();
});
