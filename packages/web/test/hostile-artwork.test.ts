import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { artworkId } from '../../server/src/catalog/artwork.ts';
import { generatePicture } from '../../server/src/library/generate.ts';
import type { TestUser } from '../../server/src/testing/app.ts';
import { HOSTILE, mp3WithPicture } from '../../server/src/testing/hostile-pictures.ts';
import { signedIn, startE2E, type E2E } from './browser.ts';

/**
 * Stored XSS through cover art, in a real browser: a signed-in listener opens the URL of a
 * hostile picture (embedded in a scanned file, or left in the artwork store by an older
 * version) and no script of it runs on Runnel's origin.
 */
let e2e: E2E;
let user: TestUser;
let music: string;
const albums = new Map<string, { id: string; images: { url: string }[] }>();
/** Artwork ids of hostile files written straight into the store, as an older version stored them. */
const planted: string[] = [];

before(async () => {
  e2e = await startE2E();
  user = await e2e.app.makeUser({ username: 'listener', password: 'listener-pass' });
  music = await mkdtemp(join(tmpdir(), 'runnel-e2e-hostile-'));
  await generatePicture(join(music, '.pictures', 'real.png'), 64, 120);
  const png = await readFile(join(music, '.pictures', 'real.png'));
  const one = (album: string, mime: string, bytes: Buffer) =>
    mp3WithPicture(join(music, album, '01.mp3'), { title: `${album} song`, artist: 'Mallory', album }, mime, bytes);
  await Promise.all([
    one('SVG', HOSTILE.svg.mime, HOSTILE.svg.bytes),
    one('HTML', HOSTILE.html.mime, HOSTILE.html.bytes),
    one('JS', HOSTILE.js.mime, HOSTILE.js.bytes),
    one('PNG as HTML', 'text/html', png),
  ]);
  await e2e.app.library.addFolder(music);
  await e2e.app.library.scan('full');
  const list = (await e2e.app.http.inject({ method: 'GET', url: '/api/v1/albums?limit=50', headers: user.auth })).json();
  for (const album of list.items) albums.set(album.name, album);

  // What an older version made of the same files: the hostile bytes stored under their declared
  // type (and under .jpg), and the SVG album pointing at its picture.
  const { db } = e2e.app.database;
  for (const [ext, hostile] of [
    ['svg', HOSTILE.svg],
    ['html', HOSTILE.html],
    ['js', HOSTILE.js],
    ['jpg', { mime: 'image/jpeg', bytes: Buffer.concat([HOSTILE.html.bytes, Buffer.from(' ')]) }],
  ] as const) {
    const id = artworkId(hostile.bytes);
    const path = join(e2e.app.dataDir, 'artwork', 'originals', id.slice(0, 2), `${id}.${ext}`);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, hostile.bytes);
    await db
      .insertInto('artwork')
      .values({ id, path, mime: hostile.mime, width: null, height: null, size: hostile.bytes.length, created_at: Date.now() })
      .execute();
    planted.push(id);
  }
  await db
    .updateTable('albums')
    .set({ image_id: artworkId(HOSTILE.svg.bytes) })
    .where('id', '=', albums.get('SVG')!.id)
    .execute();
});
after(async () => {
  await e2e.close();
  await rm(music, { recursive: true, force: true });
});

/** Whether a hostile payload ran in the page: it marks the title and window.name. */
async function ran(page: Page): Promise<boolean> {
  // An inline script runs while its document is parsed: by the load event it has acted.
  await page.waitForLoadState('load');
  const [title, name] = await page.evaluate(() => [document.title, window.name]);
  return title === 'pwned' || name === 'pwned';
}

test('the detector works: the same payload served as an HTML page on the origin does run', async () => {
  const page = await e2e.browser.newPage();
  await page.route(`${e2e.url}/control`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: HOSTILE.html.bytes }));
  await page.goto(`${e2e.url}/control`);
  assert.equal(await ran(page), true);
  await page.close();
});

test('a signed-in listener opening hostile picture URLs runs no script; a PNG declared text/html shows as a PNG', async () => {
  const page = await signedIn(e2e, 'listener', 'listener-pass');
  const subsonic = (params: Record<string, string>) =>
    `${e2e.url}/rest/getCoverArt?${new URLSearchParams({ u: 'listener', p: 'listener-pass', c: 'test', v: '1.16.1', ...params })}`;
  const urls = [
    ...planted.flatMap((id) => [`${e2e.url}/api/v1/images/${id}`, `${e2e.url}/api/v1/images/${id}?size=64`]),
    subsonic({ id: `al-${albums.get('SVG')!.id}` }),
    subsonic({ id: `al-${albums.get('SVG')!.id}`, size: '64' }),
    ...['HTML', 'JS'].map((name) => subsonic({ id: `al-${albums.get(name)!.id}` })),
  ];
  for (const url of urls) {
    const response = await page.goto(url);
    assert.ok(response, url);
    const type = response.headers()['content-type'] ?? '';
    assert.doesNotMatch(type, /svg|html|javascript/, `${url}: ${response.status()} ${type}`);
    assert.equal(response.headers()['x-content-type-options'], 'nosniff', url);
    assert.equal(await ran(page), false, `a script ran at ${url}`);
  }

  // The original, not a thumbnail (the album's image urls ask for a size).
  const png = await page.goto(`${e2e.url}${albums.get('PNG as HTML')!.images[0]!.url.replace(/\?.*$/, '')}`);
  assert.equal(png!.headers()['content-type'], 'image/png');
  assert.equal(await page.evaluate(() => document.contentType), 'image/png');
  assert.equal(await ran(page), false);

  const tokens = (await e2e.app.http.inject({ method: 'GET', url: '/api/v1/me/tokens', headers: user.auth })).json();
  assert.deepEqual(tokens.items, [], 'no token was created by a payload');
});

test('the player still shows same-origin artwork', async () => {
  const page = await signedIn(e2e, 'listener', 'listener-pass');
  await page.goto(`${e2e.url}/album/${albums.get('PNG as HTML')!.id}`);
  await page.waitForFunction(() => {
    const images = [...document.querySelectorAll('main img')] as HTMLImageElement[];
    return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
  });
});
