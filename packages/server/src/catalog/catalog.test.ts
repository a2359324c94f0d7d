import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { generatePicture, generateTone } from '../library/generate.ts';

describe('catalogue API', () => {
  let t: TestApp;
  let u: TestUser;
  let dir: string;
  const get = async (url: string) => {
    const response = await t.http.inject({ method: 'GET', url, headers: u.auth });
    assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
    return response.json();
  };
  const names = (items: { name: string }[]) => items.map((i) => i.name);

  before(async () => {
    t = await testApp();
    u = await t.makeUser();
    dir = await mkdtemp(join(tmpdir(), 'runnel-catalog-'));
    const tone = (path: string, tags: Record<string, string>) =>
      generateTone({ path: join(dir, path), format: 'mp3v24', seconds: 1, frequency: 200 + Math.floor(Math.random() * 800), tags });
    await generatePicture(join(dir, 'Beach House', 'Teen Dream', 'cover.jpg'), 300, 100);
    await Promise.all([
      // a two-disc album: one album
      tone('Beach House/Teen Dream/1-01 Zebra.mp3', {
        title: 'Zebra',
        artist: 'Beach House',
        album_artist: 'Beach House',
        album: 'Teen Dream',
        track: '1/2',
        disc: '1/2',
        date: '2010-01-26',
        genre: 'Dream Pop',
      }),
      tone('Beach House/Teen Dream/1-02 Norway.mp3', {
        title: 'Norway',
        artist: 'Beach House',
        album_artist: 'Beach House',
        album: 'Teen Dream',
        track: '2/2',
        disc: '1/2',
        date: '2010-01-26',
        genre: 'Dream Pop',
      }),
      tone('Beach House/Teen Dream/2-01 Walk in the Park.mp3', {
        title: 'Walk in the Park',
        artist: 'Beach House',
        album_artist: 'Beach House',
        album: 'Teen Dream',
        track: '1/1',
        disc: '2/2',
        date: '2010-01-26',
        genre: 'Dream Pop',
      }),
      // same album title, different artists: two albums
      tone('Robyn/Greatest Hits/01.mp3', {
        title: 'Dancing On My Own',
        artist: 'Robyn',
        album_artist: 'Robyn',
        album: 'Greatest Hits',
        track: '1',
        date: '2010',
        genre: 'Pop',
      }),
      tone('Bosse/Greatest Hits/01.mp3', {
        title: 'Schönste Zeit',
        artist: 'Bosse',
        album_artist: 'Bosse',
        album: 'Greatest Hits',
        track: '1',
        date: '2013',
        genre: 'Deutschpop',
      }),
      // a compilation without album artist: Various Artists
      tone('Mix/01.mp3', { title: 'Foundations', artist: 'Kate Nash', album: 'Runnel Mix', compilation: '1', track: '1', genre: 'Pop' }),
      tone('Mix/02.mp3', {
        title: 'With Every Heartbeat',
        artist: 'Robyn feat. Kleerup',
        album: 'Runnel Mix',
        compilation: '1',
        track: '2',
        genre: 'Pop; Electropop',
      }),
      tone('Felix Kröcher/Single/01.mp3', { title: 'Verstörung', artist: 'Felix Kröcher', album: 'Verstörung', track: '1', date: '2012', genre: 'Techno' }),
    ]);
    await t.library.addFolder(dir);
    await t.library.scan();
  });
  after(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('A–Z album listing with paging; same-titled albums of different artists stay apart', async () => {
    const all = await get('/api/v1/albums?limit=50');
    assert.equal(all.total, 5);
    assert.deepEqual(names(all.items), ['Greatest Hits', 'Greatest Hits', 'Runnel Mix', 'Teen Dream', 'Verstörung']);
    const hits = all.items
      .filter((a: { name: string }) => a.name === 'Greatest Hits')
      .map((a: { artists: { name: string }[] }) => a.artists[0]!.name)
      .sort();
    assert.deepEqual(hits, ['Bosse', 'Robyn']);
    const first = await get('/api/v1/albums?limit=2&offset=0');
    assert.equal(first.items.length, 2);
    assert.equal(first.next, '/api/v1/albums?offset=2&limit=2&sort=name');
    assert.equal(first.previous, null);
    const last = await get('/api/v1/albums?limit=2&offset=4');
    assert.equal(last.next, null);
    assert.deepEqual(names((await get('/api/v1/albums?sort=-name&limit=1')).items), ['Verstörung']);
    assert.deepEqual(names((await get('/api/v1/albums?genre=dream%20pop')).items), ['Teen Dream']);
  });

  test('a two-disc album is one album with its tracks in disc order', async () => {
    const list = await get('/api/v1/albums?limit=50');
    const teen = list.items.find((a: { name: string }) => a.name === 'Teen Dream');
    assert.equal(teen.total_tracks, 3);
    assert.equal(teen.total_discs, 2);
    assert.equal(teen.images.length, 3, 'cover.jpg from the folder');
    const album = await get(`/api/v1/albums/${teen.id}`);
    assert.deepEqual(names(album.tracks.items), ['Zebra', 'Norway', 'Walk in the Park']);
    assert.deepEqual(
      album.tracks.items.map((x: { disc_number: number }) => x.disc_number),
      [1, 1, 2],
    );
    assert.deepEqual(album.genres, ['Dream Pop']);
    assert.equal(album.release_date, '2010-01-26');
    assert.equal(album.release_date_precision, 'day');
    const page = await get(`/api/v1/albums/${teen.id}/tracks?limit=1&offset=2`);
    assert.deepEqual(names(page.items), ['Walk in the Park']);
    assert.equal(page.total, 3);
  });

  test('compilations are by Various Artists; feat. makes two track artists', async () => {
    const list = await get('/api/v1/albums?limit=50');
    const mix = list.items.find((a: { name: string }) => a.name === 'Runnel Mix');
    assert.equal(mix.album_type, 'compilation');
    assert.deepEqual(names(mix.artists), ['Various Artists']);
    const album = await get(`/api/v1/albums/${mix.id}`);
    assert.deepEqual(names(album.tracks.items[1].artists), ['Robyn', 'Kleerup']);
  });

  test('artists A–Z, an artist, their albums, several by id', async () => {
    const artists = await get('/api/v1/artists?limit=50');
    assert.deepEqual(names(artists.items), ['Beach House', 'Bosse', 'Felix Kröcher', 'Kate Nash', 'Kleerup', 'Robyn', 'Various Artists']);
    const robyn = artists.items.find((a: { name: string }) => a.name === 'Robyn');
    assert.equal(robyn.uri, `runnel:artist:${robyn.id}`);
    const one = await get(`/api/v1/artists/${robyn.id}`);
    assert.deepEqual(one.genres, ['Electropop', 'Pop']);
    const albums = await get(`/api/v1/artists/${robyn.id}/albums`);
    assert.deepEqual(albums.items.map((a: { name: string; album_group: string }) => `${a.name}:${a.album_group}`).sort(), [
      'Greatest Hits:album',
      'Runnel Mix:appears_on',
    ]);
    const own = await get(`/api/v1/artists/${robyn.id}/albums?include_groups=album`);
    assert.equal(own.total, 1);
    const several = await get(`/api/v1/artists?ids=${robyn.id},unknownid`);
    assert.equal(several.artists[0].name, 'Robyn');
    assert.equal(several.artists[1], null);
  });

  test('tracks by id are Spotify-shaped with Runnel extras', async () => {
    const list = await get('/api/v1/albums?limit=50');
    const album = await get(`/api/v1/albums/${list.items[0].id}`);
    const id = album.tracks.items[0].id;
    const track = await get(`/api/v1/tracks/${id}`);
    for (const key of ['id', 'name', 'uri', 'href', 'duration_ms', 'track_number', 'disc_number', 'artists', 'album', 'codec', 'bitrate', 'suffix'])
      assert.ok(key in track, key);
    assert.equal(track.uri, `runnel:track:${id}`);
    assert.equal(track.suffix, 'mp3');
    const several = await get(`/api/v1/tracks?ids=${id},nope,${id}`);
    assert.deepEqual(
      several.tracks.map((x: { id: string } | null) => x?.id ?? null),
      [id, null, id],
    );
    const albums = await get(`/api/v1/albums?ids=${list.items[0].id}`);
    assert.equal(albums.albums[0].id, list.items[0].id);
    assert.deepEqual(await t.catalog.tracksExist([id, 'nope']), new Set([id]));
    const file = await t.catalog.trackFile(id);
    assert.equal(file!.suffix, 'mp3');
    assert.ok(file!.size > 0 && file!.durationMs > 900);
    const docs = await t.catalog.searchDocuments([id, album.id, album.artists[0].id]);
    assert.deepEqual(docs.map((d) => d.kind).sort(), ['album', 'artist', 'track']);
  });

  test('genres and new releases', async () => {
    const genres = await get('/api/v1/genres?limit=50');
    assert.deepEqual(names(genres.items), ['Deutschpop', 'Dream Pop', 'Electropop', 'Pop', 'Techno']);
    assert.equal(genres.items.find((g: { name: string }) => g.name === 'Dream Pop').track_count, 3);
    const releases = await get('/api/v1/browse/new-releases?limit=3');
    assert.equal(releases.albums.items.length, 3);
    assert.equal(releases.albums.total, 5);
  });

  test('bad input answers 4xx, never 5xx', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `id${i}`).join(',');
    const urls = [
      '/api/v1/albums?offset=-1',
      '/api/v1/albums?sort=bogus',
      '/api/v1/albums?limit=501',
      '/api/v1/albums?genre=',
      `/api/v1/tracks?ids=${many}`,
      '/api/v1/tracks',
      '/api/v1/tracks?ids=%00',
      `/api/v1/tracks/${'x'.repeat(65)}`,
      '/api/v1/images/abc?size=abc',
      '/api/v1/images/abc?size=1',
      '/api/v1/artists/a/albums?include_groups=single',
      '/api/v1/genres?offset=x',
      '/api/v1/albums/..%2F..%2Fetc/tracks',
      '/api/v1/albums?ids=a,b&unknown=1',
    ];
    for (const url of urls) {
      const response = await t.http.inject({ method: 'GET', url, headers: u.auth });
      assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${url}: ${response.statusCode}`);
    }
  });

  test('unknown ids answer 404 with the error shape; no credentials answer 401', async () => {
    for (const url of [
      '/api/v1/tracks/nope',
      '/api/v1/albums/nope',
      '/api/v1/artists/nope',
      '/api/v1/albums/nope/tracks',
      '/api/v1/artists/nope/albums',
      '/api/v1/images/nope',
    ]) {
      const response = await t.http.inject({ method: 'GET', url, headers: u.auth });
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().error.status, 404);
    }
    assert.equal((await t.http.inject({ method: 'GET', url: '/api/v1/albums' })).statusCode, 401);
    assert.equal((await t.http.inject({ method: 'GET', url: '/api/v1/albums?limit=0', headers: u.auth })).statusCode, 400);
    assert.equal((await t.http.inject({ method: 'GET', url: '/api/v1/tracks?ids=a,,b', headers: u.auth })).statusCode, 400);
  });
});
