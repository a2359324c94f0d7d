import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, signedIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, [
    { title: 'Zebra', artist: 'Beach House', album: 'Teen Dream', seconds: 4, cover: 0 },
    { title: 'Fembot', artist: 'Robyn', album: 'Body Talk', seconds: 4, cover: 120 },
    { title: 'Foundations', artist: 'Kate Nash', album: 'Made of Bricks', seconds: 4, cover: 240 },
  ]);
  await e2e.app.makeUser({ username: 'ana', password: 'ana-pass' });
  await e2e.app.makeUser({ username: 'ben', password: 'ben-pass' });
});
after(() => e2e.close());

/** Reports plays of a track by title, as the player does after 30 seconds; `daysAgo` dates them. */
async function play(page: Page, title: string, times: number, daysAgo = 0) {
  await page.evaluate(
    async ([title, times, daysAgo]) => {
      const found = await (await fetch(`/api/v1/search?q=${encodeURIComponent(title as string)}&type=track&limit=1`)).json();
      for (let i = 0; i < (times as number); i++) {
        const body = JSON.stringify({ uri: found.tracks.items[0].uri, played_at: Date.now() - (daysAgo as number) * 86_400_000 });
        await fetch('/api/v1/me/player/recently-played', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      }
    },
    [title, times, daysAgo] as const,
  );
}

const titles = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('[aria-label="Top tracks"] .track .title')].map((cell) => cell.firstChild?.textContent));

test("Top lists: everyone's and yours, this week / month / all time; a top track plays", async () => {
  const ana = await signedIn(e2e, 'ana', 'ana-pass');
  const ben = await signedIn(e2e, 'ben', 'ben-pass');
  await play(ana, 'Fembot', 3);
  await play(ana, 'Zebra', 1);
  await play(ben, 'Zebra', 3);
  await play(ben, 'Foundations', 9, 100);

  await ana.getByRole('tab', { name: 'Top lists' }).click();
  await ana.waitForURL(`${e2e.url}/top`);
  await ana.getByRole('heading', { name: 'Everyone’s top tracks' }).waitFor();
  await ana.waitForFunction(() => document.querySelectorAll('[aria-label="Top tracks"] .track').length === 2);
  assert.deepEqual(await titles(ana), ['Zebra', 'Fembot'], 'this month: Zebra 4 plays, Fembot 3');
  await ana.getByRole('button', { name: 'All time' }).click();
  await ana.waitForFunction(() => document.querySelectorAll('[aria-label="Top tracks"] .track').length === 3);
  assert.deepEqual(await titles(ana), ['Foundations', 'Zebra', 'Fembot']);
  await ana.getByRole('list', { name: 'Top artists' }).getByRole('link', { name: 'Kate Nash' }).waitFor();
  await ana.getByRole('list', { name: 'Top albums' }).getByText('Made of Bricks').waitFor();
  await screenshot(ana, 'top-lists');

  await ana.getByRole('button', { name: 'You' }).click();
  await ana.getByRole('heading', { name: 'Your top tracks' }).waitFor();
  await ana.waitForFunction(() => document.querySelectorAll('[aria-label="Top tracks"] .track').length === 2);
  assert.deepEqual(await titles(ana), ['Fembot', 'Zebra'], "Ana's own plays only");

  // The list is a context like any other: double-click plays.
  await ana.getByRole('grid', { name: 'Top tracks' }).getByText('Fembot').dblclick();
  await ana.waitForFunction(() => [...document.querySelectorAll('audio')].some((a) => !a.paused && a.currentTime > 0.3));
  assert.equal(await ana.getByTestId('np-title').innerText(), 'Fembot');

  // A reload keeps the tab (it is a path).
  await ben.goto(`${e2e.url}/top`);
  await ben.getByRole('tab', { name: 'Top lists', selected: true }).waitFor();
  await ben.getByRole('button', { name: 'You' }).click();
  await ben.getByRole('button', { name: 'This week' }).click();
  await ben.waitForFunction(() => document.querySelectorAll('[aria-label="Top tracks"] .track').length === 1);
  assert.deepEqual(await titles(ben), ['Zebra']);
});
