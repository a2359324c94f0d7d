import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

let e2e: E2E;
let playlistId = '';
before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, [
    { title: 'Zebra', artist: 'Beach House', album: 'Teen Dream', seconds: 3, cover: 0 },
    { title: 'Fembot', artist: 'Robyn', album: 'Body Talk', seconds: 3, cover: 90 },
    { title: 'Foundations', artist: 'Kate Nash', album: 'Made of Bricks', seconds: 3, cover: 180 },
    { title: 'Kraniche', artist: 'Bosse', album: 'Kraniche', seconds: 3, cover: 270 },
    { title: 'Norway', artist: 'Beach House', album: 'Teen Dream', seconds: 3, cover: 0 },
  ]);
  const dj = await e2e.app.makeUser({ username: 'dj', password: 'dj-pass' });
  await e2e.app.makeUser({ username: 'fan', password: 'fan-pass' });
  const created = await e2e.app.playlists.create(dj.me.id, { name: 'Four corners' });
  playlistId = created.id;
  const tracks = await e2e.app.catalog.listAlbums('name', 10, 0);
  const uris: string[] = [];
  for (const album of tracks.items) for (const t of (await e2e.app.catalog.album(album.id)).tracks.items) uris.push(t.uri);
  await e2e.app.playlists.add(playlistId, dj.me.id, uris, undefined);
});
after(() => e2e.close());

test("someone else's playlist: a mosaic of its first four album covers, Follow puts it in the sidebar and Library, unfollow takes it out", async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, e2e.url, 'fan', 'fan-pass');
  await page.goto(`${e2e.url}/playlist/${playlistId}`);
  const mosaic = page.getByRole('img', { name: 'Cover of Four corners: four of its albums' });
  await mosaic.waitFor();
  assert.equal(await mosaic.locator('img').count(), 4);
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.mosaic img')].every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0),
  );
  assert.equal(await page.getByRole('button', { name: 'Rename' }).count(), 0, 'not theirs to rename');

  await page.getByRole('button', { name: 'Follow' }).click();
  await page.getByRole('group', { name: 'Playlists' }).getByRole('link', { name: 'Four corners' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Follow' }).getAttribute('aria-pressed'), 'true');
  await screenshot(page, 'playlist-followed');
  await page.getByRole('link', { name: 'Library' }).click();
  await page
    .getByRole('list', { name: 'Playlists you follow' })
    .getByRole('link', { name: /Four corners/ })
    .click();
  await page.getByRole('heading', { name: 'Four corners' }).waitFor();
  await page.getByRole('button', { name: 'Follow' }).click();
  await page.waitForFunction(() => document.querySelector('button[aria-label="Follow"]')?.getAttribute('aria-pressed') === 'false');
  await page.waitForFunction(() => ![...document.querySelectorAll('[aria-label="Playlists"] a')].some((a) => a.textContent === 'Four corners'));
});

test('the owner deletes a playlist after confirming in place; Cancel keeps it', async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, e2e.url, 'dj', 'dj-pass');
  await page.goto(`${e2e.url}/playlist/${playlistId}`);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('group', { name: 'Delete Four corners?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await confirm.count(), 0);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await confirm.getByRole('button', { name: 'Delete playlist' }).click();
  await page.waitForURL(`${e2e.url}/`);
  assert.equal(await page.evaluate(async (id) => (await fetch(`/api/v1/playlists/${id}`)).status, playlistId), 404);
});
