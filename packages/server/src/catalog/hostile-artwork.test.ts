import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generatePicture, generateTone } from '../library/generate.ts';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { HOSTILE, mp3WithPicture } from '../testing/hostile-pictures.ts';
import { artworkId } from './artwork.ts';

const RASTER = /^image\/(jpeg|png|gif|webp|avif)$/;

/**
 * Stored XSS through cover art: pictures whose declared type (or bytes) is SVG, HTML or script
 * must never be stored under, nor served with, a type a browser runs.
 */
describe('hostile artwork', () => {
  let t: TestApp;
  let u: TestUser;
  let dir: string;
  let png: Buffer;
  const albums = new Map<string, { id: string; images: { url: string }[] }>();

  before(async () => {
    t = await testApp();
    u = await t.makeUser();
    dir = await mkdtemp(join(tmpdir(), 'runnel-hostile-'));
    const pictures = join(dir, 'pictures');
    await Promise.all([
      generatePicture(join(pictures, 'real.png'), 64, 10),
      generatePicture(join(pictures, 'real.jpg'), 64, 200),
      generatePicture(join(pictures, 'real.tiff'), 64, 300),
    ]);
    png = await readFile(join(pictures, 'real.png'));
    const music = join(dir, 'music');
    const one = (album: string, mime: string, bytes: Buffer) =>
      mp3WithPicture(join(music, album, '01.mp3'), { title: `${album} song`, artist: 'Mallory', album }, mime, bytes);
    await Promise.all([
      one('SVG', HOSTILE.svg.mime, HOSTILE.svg.bytes),
      one('SVG as JPEG', 'image/jpeg', HOSTILE.svg.bytes),
      one('HTML', HOSTILE.html.mime, HOSTILE.html.bytes),
      one('JS', HOSTILE.js.mime, HOSTILE.js.bytes),
      one('PNG as HTML', 'text/html', png),
      one('TIFF', 'image/tiff', await readFile(join(pictures, 'real.tiff'))),
      one('Normal', 'image/jpeg', await readFile(join(pictures, 'real.jpg'))),
      generateTone({
        path: join(music, 'Cover', '01.mp3'),
        format: 'mp3v24',
        seconds: 1,
        tags: { title: 'Cover song', artist: 'Mallory', album_artist: 'Mallory', album: 'Cover' },
      }),
      mkdir(join(music, 'Cover'), { recursive: true }).then(() => writeFile(join(music, 'Cover', 'cover.jpg'), HOSTILE.svg.bytes)),
    ]);
    await t.library.addFolder(music);
    await t.library.scan();
    const list = (await t.http.inject({ method: 'GET', url: '/api/v1/albums?limit=50', headers: u.auth })).json();
    for (const album of list.items) albums.set(album.name, album);
  });
  after(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const image = (url: string) => t.http.inject({ method: 'GET', url, headers: u.auth });
  const subsonic = (params: Record<string, string>) =>
    t.http.inject({ method: 'GET', url: `/rest/getCoverArt?${new URLSearchParams({ u: u.me.username, p: u.password, c: 'test', v: '1.16.1', ...params })}` });

  /** An answer is a raster picture (never sniffed, never run) or not a picture at all. */
  function assertSafe(response: Awaited<ReturnType<typeof image>>, what: string) {
    const type = String(response.headers['content-type'] ?? '');
    assert.equal(response.headers['x-content-type-options'], 'nosniff', what);
    assert.match(String(response.headers['content-security-policy']), /default-src 'none'.*sandbox/, what);
    if (response.statusCode === 200 && type.startsWith('image/')) assert.match(type, RASTER, `${what}: ${type}`);
    else assert.doesNotMatch(type, /svg|html|javascript/, `${what}: ${response.statusCode} ${type}`);
  }

  test('every album is in the catalogue; hostile pictures were not stored, and each is a scan warning', async () => {
    assert.deepEqual([...albums.keys()].sort(), ['Cover', 'HTML', 'JS', 'Normal', 'PNG as HTML', 'SVG', 'SVG as JPEG', 'TIFF']);
    const rows = await t.database.db.selectFrom('artwork').select(['id', 'mime']).execute();
    for (const row of rows) assert.match(row.mime, RASTER, row.id);
    const stored = new Set(rows.map((r) => r.id));
    for (const hostile of Object.values(HOSTILE)) assert.ok(!stored.has(artworkId(hostile.bytes)), `${hostile.mime} picture not stored`);
    for (const name of ['SVG', 'SVG as JPEG', 'HTML', 'JS', 'Cover']) assert.deepEqual(albums.get(name)!.images, [], `${name} has no image`);
    // Administrators see the server's paths; others see them relative to their music folder.
    const admin = await t.makeUser({ role: 'admin' });
    const status = (await t.http.inject({ method: 'GET', url: '/api/v1/library/scan', headers: admin.auth })).json();
    const warnings = status.issues
      .filter((i: { severity: string }) => i.severity === 'warning')
      .map((i: { path: string; reason: string }) => `${i.path.slice(dir.length)}: ${i.reason}`);
    for (const path of ['/music/SVG/01.mp3', '/music/SVG as JPEG/01.mp3', '/music/HTML/01.mp3', '/music/JS/01.mp3', '/music/Cover/cover.jpg']) {
      assert.ok(
        warnings.some((w: string) => w.startsWith(`${path}: `) && /not a JPEG, PNG, GIF or WebP/.test(w)),
        `${path} reported (got ${JSON.stringify(warnings)})`,
      );
    }
  });

  test('a real PNG declared text/html is served as image/png; a TIFF is re-encoded and served as JPEG', async () => {
    const asPng = await image(albums.get('PNG as HTML')!.images[0]!.url.replace(/\?.*$/, ''));
    assert.equal(asPng.statusCode, 200);
    assert.equal(asPng.headers['content-type'], 'image/png');
    assert.ok(asPng.rawPayload.equals(png));
    const tiff = await image(albums.get('TIFF')!.images[0]!.url.replace(/\?.*$/, ''));
    assert.equal(tiff.headers['content-type'], 'image/jpeg');
    assert.deepEqual([...tiff.rawPayload.subarray(0, 3)], [0xff, 0xd8, 0xff]);
  });

  test('every artwork id, original and thumbnail, native and Subsonic, answers with a raster type or not at all', async () => {
    const rows = await t.database.db.selectFrom('artwork').select('id').execute();
    const ids = [...rows.map((r) => r.id), ...Object.values(HOSTILE).map((h) => artworkId(h.bytes))];
    for (const id of ids) {
      for (const url of [`/api/v1/images/${id}`, `/api/v1/images/${id}?size=64`]) assertSafe(await image(url), url);
    }
    for (const album of albums.values()) {
      for (const params of [{ id: `al-${album.id}` }, { id: `al-${album.id}`, size: '64' }, { id: `al-${album.id}`, f: 'json' }] as Record<string, string>[])
        assertSafe(await subsonic(params), JSON.stringify(params));
    }
  });

  test('a hostile file already in the artwork store (an older version stored it) is not served', async () => {
    const id = albums.get('Normal')!.images[0]!.url.match(/images\/([^?]+)/)![1]!;
    const row = await t.database.db.selectFrom('artwork').select('path').where('id', '=', id).executeTakeFirstOrThrow();
    await writeFile(row.path, HOSTILE.html.bytes);
    await t.database.db.updateTable('artwork').set({ mime: 'text/html' }).where('id', '=', id).execute();
    for (const url of [`/api/v1/images/${id}`, `/api/v1/images/${id}?size=48`]) {
      const response = await image(url);
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().error.code, 'image_not_raster', url);
      assertSafe(response, url);
    }
    const cover = await subsonic({ id: `al-${albums.get('Normal')!.id}`, f: 'json' });
    assert.equal(cover.json()['subsonic-response'].error.code, 70);
    assertSafe(cover, 'subsonic');
  });

  test('nosniff and a sandboxing CSP on streams, errors, 404s and Subsonic; the player page keeps its own policy', async () => {
    const track = (await t.http.inject({ method: 'GET', url: `/api/v1/albums/${albums.get('Normal')!.id}/tracks`, headers: u.auth })).json().items[0].id;
    const answers = {
      stream: await t.http.inject({ method: 'GET', url: `/api/v1/tracks/${track}/stream`, headers: u.auth }),
      range: await t.http.inject({ method: 'GET', url: `/api/v1/tracks/${track}/stream`, headers: { ...u.auth, range: 'bytes=0-99' } }),
      notFound: await t.http.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: u.auth }),
      badRequest: await t.http.inject({ method: 'GET', url: '/api/v1/images/x?size=abc', headers: u.auth }),
      unauthorized: await t.http.inject({ method: 'GET', url: '/api/v1/me' }),
      subsonic: await t.http.inject({ method: 'GET', url: `/rest/ping?${new URLSearchParams({ u: u.me.username, p: u.password, c: 'test', v: '1.16.1' })}` }),
      subsonicError: await t.http.inject({ method: 'GET', url: '/rest/ping?u=nobody&p=x&c=test&v=1.16.1' }),
    };
    assert.ok([200, 206].includes(answers.stream.statusCode), `stream: ${answers.stream.statusCode}`);
    for (const [what, response] of Object.entries(answers)) {
      assert.equal(response.headers['x-content-type-options'], 'nosniff', what);
      assert.equal(response.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'; sandbox", what);
      // Subsonic's answers are for apps on any origin (browser apps load its covers and audio); the rest is Runnel's own.
      assert.equal(response.headers['cross-origin-resource-policy'], what.startsWith('subsonic') ? 'cross-origin' : 'same-origin', what);
    }
    const page = await t.http.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    assert.match(String(page.headers['content-security-policy']), /^default-src 'self'/);
  });
});
