import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

let e2e: E2E;
let albumId = '';
let artistId = '';
before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, [
    { title: 'Zebra', artist: 'Beach House', album: 'Teen Dream', seconds: 4 },
    { title: 'Norway', artist: 'Beach House', album: 'Teen Dream', seconds: 4 },
  ]);
  await e2e.app.makeUser({ username: 'keeper', password: 'keeper-pass' });
  const albums = await e2e.app.catalog.listAlbums('name', 10, 0);
  albumId = albums.items[0]!.id;
  artistId = albums.items[0]!.artists[0]!.id!;
});
after(() => e2e.close());

test('save an album, save and remove a track, star and unstar, follow an artist: the Library and Starred show it, a reload keeps it', async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, e2e.url, 'keeper', 'keeper-pass');
  const api = (path: string) => page.evaluate(async (p) => (await fetch(`/api/v1${p}`)).json(), path);
  /** Toggles show the change at once; this waits for the server to have it too. */
  const clickSaved = async (button: ReturnType<typeof page.getByRole>, path: string) => {
    const saved = page.waitForResponse((r) => r.url().includes(path) && ['PUT', 'DELETE'].includes(r.request().method()));
    await button.click();
    assert.ok((await saved).ok());
  };

  // The album page: "Save to Library" is a toggle.
  await page.goto(`${e2e.url}/album/${albumId}`);
  await clickSaved(page.getByRole('button', { name: 'Save to Library' }), '/me/albums');
  await page.waitForFunction(() => document.querySelector('button[aria-label="Save to Library"]')?.getAttribute('aria-pressed') === 'true');
  assert.deepEqual(await api(`/me/albums/contains?ids=${albumId}`), [true]);
  await screenshot(page, 'album-saved');

  // A track from its menu: saved, then starred.
  const row = page.getByRole('grid', { name: 'Tracks of Teen Dream' }).getByRole('row', { name: /Norway/ });
  await row.getByText('Norway').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Save to Library' }).click();
  await row.getByText('Norway').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Star', exact: true }).click();

  await page.getByRole('link', { name: 'Library' }).click();
  await page
    .getByRole('grid', { name: 'Saved tracks' })
    .getByRole('row', { name: /Norway/ })
    .waitFor();
  await page.getByRole('list', { name: 'Saved albums' }).getByText('Teen Dream').waitFor();

  // Removing from the Library, from the row's menu there.
  await page.getByRole('grid', { name: 'Saved tracks' }).getByText('Norway').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Remove from Library' }).click();
  await page.getByText('No saved tracks yet').waitFor();

  await page.getByRole('link', { name: 'Starred' }).click();
  const starred = page.getByRole('grid', { name: 'Starred tracks' });
  await starred.getByRole('row', { name: /Norway/ }).waitFor();
  await starred.getByText('Norway').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Unstar' }).click();
  await page.getByText('Star tracks from their menu').waitFor();

  // The artist page: Follow.
  await page.goto(`${e2e.url}/artist/${artistId}`);
  await clickSaved(page.getByRole('button', { name: 'Follow' }), '/me/following');
  await page.waitForFunction(() => document.querySelector('button[aria-label="Follow"]')?.getAttribute('aria-pressed') === 'true');
  await page.reload();
  await page.waitForFunction(() => document.querySelector('button[aria-label="Follow"]')?.getAttribute('aria-pressed') === 'true');
  assert.equal(await page.getByRole('button', { name: 'Follow' }).innerText(), '✓ Following');
  assert.deepEqual(await api(`/me/following/contains?type=artist&ids=${artistId}`), [true]);
  await page.getByRole('link', { name: 'Library' }).click();
  await page.getByRole('list', { name: 'Followed artists' }).getByRole('link', { name: 'Beach House' }).click();
  await page.getByRole('heading', { name: 'Beach House' }).waitFor();
  // And undo.
  await clickSaved(page.getByRole('button', { name: 'Follow' }), '/me/following');
  await page.waitForFunction(() => document.querySelector('button[aria-label="Follow"]')?.getAttribute('aria-pressed') === 'false');
  assert.deepEqual(await api(`/me/following/contains?type=artist&ids=${artistId}`), [false]);
  assert.deepEqual(errors, []);
});

test("a track's link (Copy link in its menu) opens its page, which plays it; an unknown one says so", async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, e2e.url, 'keeper', 'keeper-pass');
  const album = await e2e.app.catalog.album(albumId);
  const norway = album.tracks.items.find((t) => t.name === 'Norway')!;
  await page.goto(`${e2e.url}/track/${norway.id}`);
  await page.getByRole('heading', { name: 'Norway' }).waitFor();
  await page.getByRole('main').getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('audio')].some((a) => !a.paused && a.currentTime > 0.3));
  assert.equal(await page.getByTestId('np-title').innerText(), 'Norway');
  await page.getByRole('link', { name: 'Teen Dream' }).click();
  await page.getByRole('heading', { name: 'Teen Dream' }).waitFor();
  await page.goto(`${e2e.url}/track/nosuchtrack`);
  await page.getByRole('alert').filter({ hasText: 'not in the library' }).waitFor();
});
