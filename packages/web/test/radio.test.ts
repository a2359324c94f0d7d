import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

let e2e: E2E;
let albumId = '';
before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, [
    { title: 'Foundations', artist: 'Kate Nash', album: 'Made of Bricks', seconds: 5, genre: 'Pop' },
    { title: 'Mouthwash', artist: 'Kate Nash', album: 'Made of Bricks', seconds: 5, genre: 'Pop' },
    { title: 'Fembot', artist: 'Robyn', album: 'Body Talk', seconds: 5, genre: 'Pop' },
    { title: 'Kraniche', artist: 'Bosse', album: 'Kraniche', seconds: 5, genre: 'Pop' },
    { title: 'Techno Train', artist: 'Felix Kröcher', album: 'Rave', seconds: 5, genre: 'Techno' },
  ]);
  await e2e.app.makeUser({ username: 'dj', password: 'dj-pass' });
  albumId = (await e2e.app.catalog.listAlbums('name', 10, 0)).items.find((a) => a.name === 'Made of Bricks')!.id;
});
after(() => e2e.close());

const nowPlaying = (page: Page) => page.getByTestId('np-title').innerText();
const sounding = (page: Page) => page.waitForFunction(() => [...document.querySelectorAll('audio')].some((a) => !a.paused && a.currentTime > 0.3));

test('a genre station plays only that genre, shows what comes next, and thumbs down skips the track for good', async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, e2e.url, 'dj', 'dj-pass');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Radio' }).click();
  await page.getByRole('list', { name: 'Genre stations' }).getByRole('button', { name: 'Pop' }).click();
  const station = page.getByLabel('Station');
  await station.getByRole('heading', { name: 'Pop' }).waitFor();
  await sounding(page);
  const first = await nowPlaying(page);
  assert.ok(['Foundations', 'Mouthwash', 'Fembot', 'Kraniche'].includes(first), first);
  const coming = await page.getByRole('list', { name: 'Coming up' }).getByRole('listitem').allInnerTexts();
  assert.equal(coming.length, 3, coming.join(' / '));
  assert.ok(
    coming.every((c) => !c.includes('Techno Train')),
    'only Pop',
  );
  await screenshot(page, 'radio');

  await station.getByRole('button', { name: /Not this/ }).click();
  await page.waitForFunction((was) => document.querySelector('[data-testid="np-title"]')?.textContent !== was, first);
  await sounding(page);
  // The station, started again, never brings the track voted down.
  await page.getByRole('list', { name: 'Genre stations' }).getByRole('button', { name: 'Pop' }).click();
  await sounding(page);
  const again = [await nowPlaying(page), ...(await page.getByRole('list', { name: 'Coming up' }).getByRole('listitem').allInnerTexts())];
  assert.ok(!again.some((t) => t.startsWith(first)), `${first} came back: ${again.join(' / ')}`);
});

test("an album's station starts from its page", async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, e2e.url, 'dj', 'dj-pass');
  await page.goto(`${e2e.url}/album/${albumId}`);
  await page.getByRole('button', { name: 'Start radio' }).click();
  await page.waitForURL(`${e2e.url}/radio`);
  await page.getByLabel('Station').getByRole('heading', { name: 'Made of Bricks' }).waitFor();
  await sounding(page);
});
