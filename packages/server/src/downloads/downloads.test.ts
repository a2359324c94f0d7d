import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DownloadItem, DownloadPage, SimplifiedTrack } from '@runnel/api';
import { asUser, rest, subsonicFixture, type SubsonicFixture } from '../subsonic/testing.ts';
import type { TestUser } from '../testing/app.ts';
import { attachment, fileName } from './names.ts';
import { readZip } from './zip-reader.testing.ts';

/** The real app on the Subsonic fixture's scanned library (several formats, a two-disc album, a cover.png in "Made of Bricks"). */
describe('downloads', () => {
  let fx: SubsonicFixture;
  let premium: TestUser;
  let free: SubsonicFixture['user'];
  const get = (user: TestUser, url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
    fx.app.http.inject({ method, url, headers: { ...user.auth, ...headers } });
  const send = (user: TestUser, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    fx.app.http.inject({ method, url, headers: user.auth, ...(payload && { payload }) });
  const albumId = async (name: string) => (await fx.app.catalog.listAlbums('name', 50, 0)).items.find((a) => a.name === name)!.id;
  const tracksOf = async (name: string): Promise<SimplifiedTrack[]> => (await fx.app.catalog.albumTracks(await albumId(name), 50, 0)).items;
  const trackId = async (album: string, title: string) => (await tracksOf(album)).find((t) => t.name === title)!.id;
  const onDisk = (...path: string[]) => readFileSync(join(fx.music, ...path));
  const downloads = async (user: TestUser) => ((await get(user, '/api/v1/me/downloads')).json() as DownloadPage).items;
  const unzip = (body: Buffer) => new Map(readZip(body).entries.map((e) => [e.name, e.data]));
  const extinf = (track: SimplifiedTrack) => `#EXTINF:${Math.round(track.duration_ms / 1000)},${track.artists[0]!.name} - ${track.name}`;
  const newPlaylist = async (user: TestUser, name: string, uris: string[], isPublic = true) => {
    const created = (await send(user, 'POST', '/api/v1/me/playlists', { name, public: isPublic })).json() as { id: string };
    assert.equal((await send(user, 'POST', `/api/v1/playlists/${created.id}/tracks`, { uris })).statusCode, 201);
    return created.id;
  };

  before(async () => {
    fx = await subsonicFixture();
    free = fx.user;
    premium = await fx.app.makeUser({ product: 'premium' });
  });
  after(() => fx.close());

  test('an album zip is its files byte for byte, its cover as cover.png and an M3U, with its exact Content-Length', async () => {
    const id = await albumId('Made of Bricks');
    const response = await get(premium, `/api/v1/albums/${id}/download`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/zip');
    assert.equal(response.headers['content-disposition'], "attachment; filename*=UTF-8''Kate%20Nash%20-%20Made%20of%20Bricks.zip");
    assert.equal(Number(response.headers['content-length']), response.rawPayload.length);
    const files = unzip(response.rawPayload);
    assert.deepEqual([...files.keys()], ['cover.png', 'Made of Bricks.m3u8', '01 Kate Nash - Foundations.mp3', '02 Kate Nash - Mouthwash.mp3']);
    const folder = ['Kate Nash', 'Made of Bricks'];
    assert.ok(files.get('01 Kate Nash - Foundations.mp3')!.equals(onDisk(...folder, '01 Foundations.mp3')));
    assert.ok(files.get('02 Kate Nash - Mouthwash.mp3')!.equals(onDisk(...folder, '02 Mouthwash.mp3')));
    assert.ok(files.get('cover.png')!.equals(onDisk(...folder, 'cover.png')), 'the cover as stored, not a thumbnail');
    const [one, two] = await tracksOf('Made of Bricks');
    assert.equal(
      files.get('Made of Bricks.m3u8')!.toString('utf8'),
      `#EXTM3U\n${extinf(one!)}\n01 Kate Nash - Foundations.mp3\n${extinf(two!)}\n02 Kate Nash - Mouthwash.mp3\n`,
    );

    assert.ok((await get(premium, `/api/v1/albums/${id}/download`)).rawPayload.equals(response.rawPayload), 'while nothing changed, the same bytes again');
    const head = await get(premium, `/api/v1/albums/${id}/download`, {}, 'HEAD');
    assert.equal(head.statusCode, 200);
    assert.equal(head.headers['content-length'], response.headers['content-length'], 'HEAD tells the length without building the zip');
    assert.equal(head.rawPayload.length, 0);
  });

  test('a two-disc album numbers its tracks disc-number; an album without a cover has none', async () => {
    const response = await get(premium, `/api/v1/albums/${await albumId('Teen Dream')}/download`);
    assert.equal(response.headers['content-disposition'], "attachment; filename*=UTF-8''Beach%20House%20-%20Teen%20Dream.zip");
    const files = unzip(response.rawPayload);
    assert.deepEqual([...files.keys()], ['Teen Dream.m3u8', '1-01 Beach House - Zebra.ogg', '2-01 Beach House - Norway.opus']);
    assert.ok(files.get('2-01 Beach House - Norway.opus')!.equals(onDisk('Beach House', 'Teen Dream', '2-01 Norway.opus')));
    assert.equal(Number(response.headers['content-length']), response.rawPayload.length);
  });

  test('a track downloads as its stored file, named NN Artist - Title.ext, with byte ranges', async () => {
    const id = await trackId('Made of Bricks', 'Mouthwash');
    const whole = await get(premium, `/api/v1/tracks/${id}/download`);
    assert.equal(whole.statusCode, 200);
    assert.equal(whole.headers['content-disposition'], "attachment; filename*=UTF-8''02%20Kate%20Nash%20-%20Mouthwash.mp3");
    const file = onDisk('Kate Nash', 'Made of Bricks', '02 Mouthwash.mp3');
    assert.ok(whole.rawPayload.equals(file));
    assert.equal(Number(whole.headers['content-length']), file.length);
    const part = await get(premium, `/api/v1/tracks/${id}/download`, { range: 'bytes=10-19' });
    assert.equal(part.statusCode, 206);
    assert.ok(part.rawPayload.equals(file.subarray(10, 20)));
    assert.equal((await get(premium, '/api/v1/tracks/nosuchtrack/download')).statusCode, 404);
  });

  test('a playlist zip: its catalogue tracks in order, numbered; local files and missing files left out, the M3U says which', async () => {
    const [doWah, dancing, fin, tokyo] = await Promise.all([
      trackId('My Best Friend Is You', 'Do-Wah-Doo'),
      trackId('Body Talk', 'Dancing On My Own'),
      trackId('Various Hits', 'fin låt'),
      trackId('夜の歌', '東京の夜'),
    ]);
    const uris = [doWah, 'runnel:local:k1:Some%20Band:Demo:Song:180000', dancing, tokyo, fin, doWah].map((u) =>
      u.startsWith('runnel:') ? u : `runnel:track:${u}`,
    );
    const id = await newPlaylist(premium, 'Road trip: 2011 "best"', uris);
    // A file gone from disk since the last scan: the catalogue still lists it.
    rmSync(join(fx.music, '日本語アーティスト', '夜の歌', '01 東京の夜.mp3'));
    const response = await get(premium, `/api/v1/playlists/${id}/download`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-disposition'], "attachment; filename*=UTF-8''Road%20trip_%202011%20_best_.zip");
    assert.equal(Number(response.headers['content-length']), response.rawPayload.length);
    const files = unzip(response.rawPayload);
    const list = 'Road trip_ 2011 _best_.m3u8';
    const names = ['01 Kate Nash - Do-Wah-Doo.flac', '02 Robyn - Dancing On My Own.m4a', '04 Bosse - fin låt.mp3', '05 Kate Nash - Do-Wah-Doo.flac'];
    assert.deepEqual([...files.keys()], [list, ...names]);
    assert.ok(files.get(names[0]!)!.equals(onDisk('Kate Nash', 'My Best Friend Is You', '01 Do-Wah-Doo.flac')));
    assert.ok(files.get(names[3]!)!.equals(files.get(names[0]!)!));
    assert.ok(files.get(names[2]!)!.equals(onDisk('Various Artists', 'Various Hits', '01 fin låt.mp3')));
    const m3u = files.get(list)!.toString('utf8').split('\n');
    assert.deepEqual(
      m3u.filter((line) => !line.startsWith('#EXTINF')),
      ['#EXTM3U', names[0], names[1], '# Not included, its file is missing on the server: 日本語アーティスト - 東京の夜', names[2], names[3], ''],
    );
    assert.equal(m3u.filter((line) => line.startsWith('#EXTINF')).length, 4);
  });

  test('Free is refused with premium_required on all three downloads, and on Subsonic; HEAD too; an upgrade applies at once', async () => {
    const album = await albumId('Made of Bricks');
    const track = await trackId('Made of Bricks', 'Foundations');
    const playlist = await newPlaylist(free, 'Mine', [`runnel:track:${track}`]);
    const urls = [`/api/v1/tracks/${track}/download`, `/api/v1/albums/${album}/download`, `/api/v1/playlists/${playlist}/download`];
    for (const url of urls) {
      for (const method of ['GET', 'HEAD'] as const) {
        const refused = await get(free, url, {}, method);
        assert.equal(refused.statusCode, 403, `${method} ${url}`);
        assert.equal(refused.headers['content-disposition'], undefined);
        if (method === 'GET') {
          assert.equal(refused.json().error.code, 'premium_required');
          assert.match(refused.json().error.message, /^Downloading is part of Premium\. Premium gives up to 320 kbps, .*downloads/);
        }
      }
    }
    // Before it knows the item: a free user learns nothing of what exists.
    assert.equal((await get(free, '/api/v1/albums/nosuchalbum/download')).json().error.code, 'premium_required');
    const subsonic = await rest(fx.app, 'download', asUser(free, { id: track }));
    assert.equal(subsonic.json.error?.code, 50);
    assert.deepEqual(await downloads(free), []);

    assert.equal((await send(fx.admin, 'PATCH', `/api/v1/admin/users/${free.me.id}`, { product: 'premium' })).statusCode, 200);
    for (const url of urls) assert.equal((await get(free, url)).statusCode, 200, `${url} after the upgrade`);
    assert.equal((await rest(fx.app, 'download', asUser(free, { id: track }))).status, 200);
    assert.equal((await send(fx.admin, 'PATCH', `/api/v1/admin/users/${free.me.id}`, { product: 'free' })).statusCode, 200);
    assert.equal((await get(free, urls[1]!)).statusCode, 403, 'and back: refused again at once');
  });

  test("another user's private playlist is not found, as when it does not exist", async () => {
    const other = await fx.app.makeUser({ product: 'premium' });
    const track = await trackId('Body Talk', 'Dancing On My Own');
    const secret = await newPlaylist(other, 'Secret', [`runnel:track:${track}`], false);
    for (const id of [secret, 'nosuchplaylist']) {
      const response = await get(premium, `/api/v1/playlists/${id}/download`);
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error.code, 'playlist_not_found');
    }
    assert.equal((await get(other, `/api/v1/playlists/${secret}/download`)).statusCode, 200, 'its owner downloads it');
  });

  test('Downloads lists each item once, newest first, as it is now; a deleted playlist stays, unavailable, under its old name', async () => {
    const user = await fx.app.makeUser({ product: 'premium' });
    const bricks = await albumId('Made of Bricks');
    const track = await trackId('Body Talk', 'Dancing On My Own');
    const playlist = await newPlaylist(user, 'For the bus', [`runnel:track:${await trackId('Made of Bricks', 'Foundations')}`]);
    const at = (minute: number) => fx.app.clock.set(Date.UTC(2011, 6, 14, 10, minute));
    at(0);
    await get(user, `/api/v1/tracks/${track}/download`);
    at(1);
    await get(user, `/api/v1/albums/${bricks}/download`);
    at(2);
    await get(user, `/api/v1/playlists/${playlist}/download`);
    await get(user, `/api/v1/albums/${bricks}/download`, {}, 'HEAD');
    at(3);
    await get(user, `/api/v1/tracks/${track}/download`, { range: 'bytes=0-9' });

    const page = (await get(user, '/api/v1/me/downloads?limit=2')).json() as DownloadPage;
    assert.deepEqual([page.total, page.limit, page.next], [3, 2, '/api/v1/me/downloads?offset=2&limit=2']);
    const items = await downloads(user);
    const summary = (item: DownloadItem) => [item.kind, item.name, item.subtitle, item.downloaded_at, item.available];
    assert.deepEqual(items.map(summary), [
      ['track', 'Dancing On My Own', 'Robyn', '2011-07-14T10:03:00.000Z', true],
      ['playlist', 'For the bus', user.me.display_name ?? user.me.id, '2011-07-14T10:02:00.000Z', true],
      ['album', 'Made of Bricks', 'Kate Nash', '2011-07-14T10:01:00.000Z', true],
    ]);
    assert.deepEqual(
      items.map((item) => item.href),
      [`/api/v1/tracks/${track}/download`, `/api/v1/playlists/${playlist}/download`, `/api/v1/albums/${bricks}/download`],
    );
    const bricksCover = `/api/v1/images/${await fx.app.catalog.imageIdOf('album', bricks)}?size=64`;
    assert.deepEqual([items[0]!.image, items[1]!.image, items[2]!.image], [undefined, bricksCover, bricksCover], "a playlist shows its first track's cover");
    assert.equal((await get(user, items[2]!.href)).statusCode, 200, 'the link downloads it again');

    assert.equal((await send(user, 'DELETE', `/api/v1/playlists/${playlist}`)).statusCode, 204);
    const gone = (await downloads(user)).find((item) => item.kind === 'playlist')!;
    assert.deepEqual([gone.name, gone.available, gone.subtitle, gone.image], ['For the bus', false, undefined, undefined]);
    assert.deepEqual(await downloads(premium).then((mine) => mine.some((item) => item.id === playlist)), false, "another user's list is their own");
  });
});

describe('download names', () => {
  test('a name any system can save: separators, reserved marks, controls and bidi overrides become _; long names are cut, keeping the extension', () => {
    assert.equal(fileName('AC/DC: Back in Black?', 'zip', 'x'), 'AC_DC_ Back in Black_.zip');
    assert.equal(fileName('evil\u202Egpj.mp3', 'flac', 'x'), 'evil_gpj.mp3.flac', 'an override cannot make it read as another extension');
    assert.equal(fileName(' ...  ', 'm3u8', 'Playlist'), 'Playlist.m3u8');
    const long = fileName('東'.repeat(100), 'mp3', 'x');
    assert.ok(Buffer.byteLength(long) <= 200 && long.endsWith('東.mp3'), long);
  });

  test("Content-Disposition in RFC 5987's encoding, ' ( ) * included", () => {
    assert.equal(attachment("Don't (Live) * fin låt.mp3"), "attachment; filename*=UTF-8''Don%27t%20%28Live%29%20%2A%20fin%20l%C3%A5t.mp3");
  });
});
