import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { screenshot, signedIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

/** LRCLIB's `GET /api/get`, standing in: synced lyrics for "Fetched", 404 for anything else. */
const lrclib = createServer((request, response) => {
  const url = new URL(request.url!, 'http://x');
  if (url.pathname !== '/api/get' || url.searchParams.get('track_name') !== 'Fetched') return void response.writeHead(404).end();
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ syncedLyrics: '[00:00.00]Fetched one\n[00:01.50]Fetched two', plainLyrics: 'Fetched one\nFetched two' }));
});

let e2e: E2E;
let albumId = '';
before(async () => {
  await new Promise<void>((resolve) => lrclib.listen(0, '127.0.0.1', resolve));
  e2e = await startE2E({ app: { lrclibUrl: `http://127.0.0.1:${(lrclib.address() as { port: number }).port}` } });
  await scanTracks(e2e.app, [
    {
      title: 'Sung',
      artist: 'Singer',
      album: 'Words',
      seconds: 12,
      format: 'flac',
      lyrics: '[00:00.00]Line one\n[00:01.50]Line two\n[00:05.00]Line three\n[00:09.00]Line four',
    },
    { title: 'Filed', artist: 'Singer', album: 'Words', seconds: 6, lrc: '[00:00.00]From the file\n[00:01.00]Still the file' },
    { title: 'Fetched', artist: 'Singer', album: 'Words', seconds: 6 },
  ]);
  await e2e.app.makeUser({ username: 'ann', password: 'ann-pass', product: 'premium' });
  albumId = (await e2e.app.catalog.listAlbums('name', 1, 0)).items[0]!.id;
});
after(async () => {
  await e2e.close();
  lrclib.close();
});

test('lyrics follow the song (embedded, a .lrc beside the file, LRCLIB); a line clicked plays from there', async () => {
  const page = await signedIn(e2e, 'ann', 'ann-pass');
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${e2e.url}/album/${albumId}`);
  await page.getByRole('row', { name: /Sung/ }).dblclick();
  await page.getByRole('button', { name: 'Lyrics' }).click();
  const lines = page.getByRole('list', { name: 'Synced lyrics' });
  const now = lines.locator('[aria-current="true"]');
  // Playing on: the highlight moves from line one to line two at 1.5 s.
  await now.filter({ hasText: 'Line one' }).waitFor();
  await now.filter({ hasText: 'Line two' }).waitFor({ timeout: 15_000 });
  await screenshot(page, 'lyrics');

  // A click on a later line plays from its time.
  await lines.getByRole('button', { name: 'Line four' }).click();
  await now.filter({ hasText: 'Line four' }).waitFor();
  const elapsed = await page.getByTestId('np-elapsed').innerText();
  assert.match(elapsed, /^0:(09|1\d)$/, `after the click: ${elapsed}`);

  // The next track's words come from the .lrc beside it, the one after from LRCLIB.
  await page.getByRole('button', { name: 'Next' }).click();
  await now.filter({ hasText: 'From the file' }).waitFor();
  await page.getByText('From a .lrc file beside it').waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await lines.getByRole('button', { name: 'Fetched two' }).waitFor();
  await page.getByText('From LRCLIB').waitFor();
  // LRCLIB's lines are synced too: the highlight moves on to its second line at 1.5 s.
  await now.filter({ hasText: 'Fetched two' }).waitFor({ timeout: 15_000 });
  assert.deepEqual(errors, [], 'no errors on the page');
});
