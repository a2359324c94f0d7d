import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { TEST_ALBUM_IDS, TEST_ARTIST_IDS, TEST_TRACK_IDS, testCatalog } from '../testing/test-catalog.ts';

describe('collection', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ catalogLookup: testCatalog() });
  });
  after(() => t.close());

  const call = (u: TestUser, method: 'GET' | 'PUT' | 'DELETE', url: string) => t.http.inject({ method, url, headers: u.auth });

  test('save, list newest first with paging, contains, remove: tracks and albums', async () => {
    const u = await t.makeUser();
    const [a, b, c] = TEST_TRACK_IDS;
    assert.equal((await call(u, 'PUT', `/api/v1/me/tracks?ids=${a},${b}`)).statusCode, 204);
    t.clock.advance(5);
    await call(u, 'PUT', `/api/v1/me/tracks?ids=${c}`);
    await call(u, 'PUT', `/api/v1/me/tracks?ids=${a}`); // saving twice keeps the first date
    const page = (await call(u, 'GET', '/api/v1/me/tracks?limit=2')).json();
    assert.equal(page.total, 3);
    assert.equal(page.items[0].track.id, c);
    assert.match(page.items[0].added_at, /^\d{4}-/);
    assert.ok(page.next);
    assert.deepEqual((await call(u, 'GET', `/api/v1/me/tracks/contains?ids=${a},${TEST_TRACK_IDS[9]},${c}`)).json(), [true, false, true]);
    await call(u, 'DELETE', `/api/v1/me/tracks?ids=${a}`);
    assert.equal((await call(u, 'GET', '/api/v1/me/tracks')).json().total, 2);

    const unknown = await call(u, 'PUT', `/api/v1/me/tracks?ids=${a},nosuchtrack`);
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'track_not_found');
    assert.deepEqual((await call(u, 'GET', `/api/v1/me/tracks/contains?ids=${a}`)).json(), [false], 'nothing saved from a refused call');

    await call(u, 'PUT', `/api/v1/me/albums?ids=${TEST_ALBUM_IDS[1]}`);
    const albums = (await call(u, 'GET', '/api/v1/me/albums')).json();
    assert.equal(albums.items[0].album.id, TEST_ALBUM_IDS[1]);
    assert.equal((await call(u, 'PUT', `/api/v1/me/albums?ids=${TEST_TRACK_IDS[0]}`)).statusCode, 404, 'a track id is not an album');
    assert.equal((await call(u, 'PUT', '/api/v1/me/tracks?ids=bad%20id')).statusCode, 400);
    const other = await t.makeUser();
    assert.equal((await call(other, 'GET', '/api/v1/me/tracks')).json().total, 0, "one user's saves are not another's");
  });

  test('follow and unfollow artists', async () => {
    const u = await t.makeUser();
    await call(u, 'PUT', `/api/v1/me/following?type=artist&ids=${TEST_ARTIST_IDS[0]},${TEST_ARTIST_IDS[2]}`);
    const list = (await call(u, 'GET', '/api/v1/me/following?type=artist')).json();
    assert.equal(list.artists.total, 2);
    assert.deepEqual((await call(u, 'GET', `/api/v1/me/following/contains?type=artist&ids=${TEST_ARTIST_IDS[2]},${TEST_ARTIST_IDS[1]}`)).json(), [true, false]);
    await call(u, 'DELETE', `/api/v1/me/following?type=artist&ids=${TEST_ARTIST_IDS[2]}`);
    assert.equal((await call(u, 'GET', '/api/v1/me/following?type=artist')).json().artists.total, 1);
    assert.equal((await call(u, 'PUT', '/api/v1/me/following?type=user&ids=x')).statusCode, 400);
  });

  test('Starred is always there; star and unstar in one call each', async () => {
    const u = await t.makeUser();
    const empty = (await call(u, 'GET', '/api/v1/me/starred')).json();
    assert.equal(empty.name, 'Starred');
    assert.equal(empty.type, 'playlist');
    assert.equal(empty.tracks.total, 0);
    await call(u, 'PUT', `/api/v1/me/starred?ids=${TEST_TRACK_IDS[5]}`);
    const one = (await call(u, 'GET', '/api/v1/me/starred')).json();
    assert.equal(one.tracks.total, 1);
    assert.equal(one.tracks.items[0].track.id, TEST_TRACK_IDS[5]);
    assert.equal(one.tracks.items[0].is_local, false);
    assert.notEqual(one.snapshot_id, empty.snapshot_id);
    assert.deepEqual((await call(u, 'GET', `/api/v1/me/starred/contains?ids=${TEST_TRACK_IDS[5]}`)).json(), [true]);
    await call(u, 'DELETE', `/api/v1/me/starred?ids=${TEST_TRACK_IDS[5]}`);
    assert.equal((await call(u, 'GET', '/api/v1/me/starred')).json().tracks.total, 0);
  });

  test('ratings: 1–5 per user and item, 0 removes, unknown items and bad values refused', async () => {
    const u = await t.makeUser();
    const other = await t.makeUser();
    await t.collection.rate(u.me.id, 'track', TEST_TRACK_IDS[0]!, 4);
    await t.collection.rate(u.me.id, 'album', TEST_ALBUM_IDS[0]!, 2);
    await t.collection.rate(u.me.id, 'track', TEST_TRACK_IDS[0]!, 5);
    assert.deepEqual(
      [...(await t.collection.ratings(u.me.id, [TEST_TRACK_IDS[0]!, TEST_ALBUM_IDS[0]!, TEST_TRACK_IDS[1]!]))].sort(),
      [
        [TEST_ALBUM_IDS[0], 2],
        [TEST_TRACK_IDS[0], 5],
      ].sort(),
    );
    assert.equal((await t.collection.ratings(other.me.id, [TEST_TRACK_IDS[0]!])).size, 0);
    await t.collection.rate(u.me.id, 'track', TEST_TRACK_IDS[0]!, 0);
    assert.equal((await t.collection.ratings(u.me.id, [TEST_TRACK_IDS[0]!])).has(TEST_TRACK_IDS[0]!), false);
    await assert.rejects(t.collection.rate(u.me.id, 'track', 'nosuchtrack', 3), /not found/i);
    await assert.rejects(t.collection.rate(u.me.id, 'track', TEST_TRACK_IDS[0]!, 6), /0 \(none\) to 5/);
  });

  test('savedIds lists ids newest first with the total', async () => {
    const u = await t.makeUser();
    await t.collection.save(u.me.id, 'artist', [TEST_ARTIST_IDS[0]!]);
    t.clock.advance(5);
    await t.collection.save(u.me.id, 'artist', [TEST_ARTIST_IDS[1]!]);
    const { items, total } = await t.collection.savedIds(u.me.id, 'artist', 10, 0);
    assert.equal(total, 2);
    assert.deepEqual(
      items.map((i) => i.id),
      [TEST_ARTIST_IDS[1], TEST_ARTIST_IDS[0]],
    );
  });
});
