import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { screenshot, signIn, signedIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

let e2e: E2E;
let ids: Record<string, string>;
before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, [
    { title: 'Zebra', artist: 'Beach House', album: 'Teen Dream', seconds: 4, cover: 0 },
    { title: 'Fembot', artist: 'Robyn', album: 'Body Talk', seconds: 4, cover: 120 },
    { title: 'Foundations', artist: 'Kate Nash', album: 'Made of Bricks', seconds: 4, cover: 240 },
    { title: 'Mouthwash', artist: 'Kate Nash', album: 'Made of Bricks', seconds: 4, cover: 240 },
  ]);
  ids = {};
  for (const album of (await e2e.app.catalog.listAlbums('name', 50, 0)).items)
    for (const track of (await e2e.app.catalog.albumTracks(album.id, 50, 0)).items) ids[track.name] = track.id;
  await e2e.app.makeUser({ username: 'hana', password: 'hana-pass' });
});
after(() => e2e.close());

/** A ListenBrainz export of a year of listening, as JSON lines. */
function listenBrainzFile(): string {
  const at = (iso: string) => Date.parse(iso) / 1000;
  const listen = (iso: string, artist: string, track: string, album: string) =>
    JSON.stringify({ listened_at: at(iso), track_metadata: { artist_name: artist, track_name: track, release_name: album } });
  const lines = [
    listen('2026-02-14T20:00:00Z', 'Robyn', 'Fembot', 'Body Talk'),
    listen('2026-05-01T09:00:00Z', 'Kate Nash', 'Foundations', 'Made of Bricks'),
    listen('2026-05-01T09:03:00Z', 'Kate Nash', 'Mouthwash', 'Made of Bricks'),
    listen('2026-05-01T09:07:00Z', 'Kate Nash', 'Foundations', 'Made of Bricks'),
    listen('2026-08-20T18:00:00Z', 'Beach House', 'Zebra', 'Teen Dream'),
    listen('2026-08-20T18:05:00Z', 'Aphex Twin', 'Windowlicker', 'Windowlicker'),
    listen('2026-11-30T07:30:00Z', 'Kate Nash', 'Foundations', 'Made of Bricks'),
    listen('2026-12-05T21:00:00Z', 'Robyn', 'Fembot', 'Body Talk'),
  ];
  const path = join(mkdtempSync(join(tmpdir(), 'runnel-lb-')), 'listens.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const rows = (page: import('playwright-core').Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.history-day')].map((d) => [
      d.querySelector('h2')?.textContent,
      [...d.querySelectorAll('.track .title')].map((t) => t.firstChild?.textContent),
    ]),
  );

test('History: import a ListenBrainz file, plays grouped by day, searched by words and dates; a play plays', async () => {
  const page = await signedIn(e2e, 'hana', 'hana-pass');
  await page.getByRole('link', { name: 'History' }).click();
  await page.getByRole('heading', { name: 'History' }).waitFor();
  await page.getByText('Tracks you play show here.').waitFor();

  await page.getByLabel('ListenBrainz export file').setInputFiles(listenBrainzFile());
  await page.getByRole('status').getByText('Added 8 of 8 plays. 1 is a track this server does not have (kept by name).').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.history-day .track').length === 8);
  const days = await rows(page);
  assert.equal(days.length, 5, 'five days with plays');
  assert.deepEqual(days[0]![1], ['Fembot']);
  assert.deepEqual(days[2]![1], ['Windowlicker', 'Zebra'], 'newest first within a day');
  assert.deepEqual(days[3]![1], ['Foundations', 'Mouthwash', 'Foundations']);
  await screenshot(page, 'history');

  await page.getByLabel('Search your history').fill('kate nash');
  await page.waitForFunction(() => document.querySelectorAll('.history-day .track').length === 4);
  await page.getByLabel('From', { exact: true }).fill('2026-05-01');
  await page.getByLabel('To', { exact: true }).fill('2026-05-01');
  await page.waitForFunction(() => document.querySelectorAll('.history-day .track').length === 3);
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.history-day .track').length === 8);

  // Double-click plays, as in any track list.
  await page.locator('.history-day').getByText('Zebra', { exact: true }).dblclick();
  await page.waitForFunction(() => [...document.querySelectorAll('audio')].some((a) => !a.paused && a.currentTime > 0.3));
  assert.equal(await page.getByTestId('np-title').innerText(), 'Zebra');
});

test('Your 2026: the summary, shared by a public link that shows only it, then turned off', async () => {
  const page = await signedIn(e2e, 'hana', 'hana-pass');
  await page.goto(`${e2e.url}/summary/2026`);
  await page.getByRole('heading', { name: 'Your 2026' }).waitFor();
  const topArtists = page.getByRole('list', { name: 'Top artists' });
  await topArtists.getByText('Kate Nash').waitFor();
  assert.match(await topArtists.locator('li').first().innerText(), /^Kate Nash · [45] plays$/);
  assert.match(await page.locator('.summary-stat').nth(1).innerText(), /^(8|9)\s*plays$/);
  await page.getByRole('button', { name: 'Share publicly' }).click();
  const link = await page.getByLabel('Public link').inputValue();
  assert.match(link, /\/y\/[A-Za-z0-9_-]+$/);
  await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
  await page.getByRole('heading', { name: 'Your 2026' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'your-year');

  const visitor = await (await e2e.browser.newContext({ viewport: { width: 900, height: 900 } })).newPage();
  await visitor.goto(link);
  await visitor.getByRole('heading', { name: 'hana’s 2026 in music' }).waitFor();
  assert.match(await visitor.content(), /Kate Nash/);
  await screenshot(visitor, 'your-year-public');

  await page.getByRole('button', { name: 'Turn link off' }).click();
  await page.getByRole('button', { name: 'Share publicly' }).waitFor();
  const gone = await visitor.goto(link);
  assert.equal(gone?.status(), 404);
  await visitor.getByRole('heading', { name: 'This summary is not shared' }).waitFor();
});

test('dates picked and the year are the browser’s own: an evening in UTC is the next morning in Tokyo', async () => {
  const page = await (await e2e.browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Asia/Tokyo' })).newPage();
  await signIn(page, e2e.url, 'hana', 'hana-pass');
  await page.getByRole('link', { name: 'History' }).click();
  // Zebra and Windowlicker at 18:00 UTC on 20 August: 03:00 on 21 August in Tokyo, where the list groups them.
  await page.locator('.history-day h2', { hasText: 'Friday, August 21, 2026' }).waitFor();
  await page.getByLabel('From', { exact: true }).fill('2026-08-21');
  await page.getByLabel('To', { exact: true }).fill('2026-08-21');
  await page.waitForFunction(() => document.querySelectorAll('.history-day .track').length === 2);
  assert.deepEqual((await rows(page))[0]![1], ['Windowlicker', 'Zebra']);

  const summary = page.waitForResponse((r) => r.url().includes('/api/v1/me/summary/2026?tz=Asia%2FTokyo'));
  await page.goto(`${e2e.url}/summary/2026`);
  assert.equal(((await (await summary).json()) as { summary: { time_zone: string } }).summary.time_zone, 'Asia/Tokyo');
  await page.getByRole('heading', { name: 'Your 2026' }).waitFor();
});
