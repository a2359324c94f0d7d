import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { testDbKind } from '../testing/database.ts';
import { TEST_TRACK_IDS, testCatalog } from '../testing/test-catalog.ts';
import { localUri } from '../playlists/local.ts';

const DAY = 86_400_000;

describe(`top lists (${testDbKind})`, () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  before(async () => {
    t = await testApp({ catalogLookup: testCatalog() });
    alice = await t.makeUser();
    bob = await t.makeUser();
    const play = async (u: TestUser, track: number, times: number, daysAgo = 0) => {
      for (let i = 0; i < times; i++) {
        const res = await t.http.inject({
          method: 'POST',
          url: '/api/v1/me/player/recently-played',
          headers: u.auth,
          payload: { uri: `runnel:track:${TEST_TRACK_IDS[track]}`, played_at: Date.now() - daysAgo * DAY },
        });
        assert.equal(res.statusCode, 204, res.body);
      }
    };
    // Track n is on album floor(n / 8), by artist floor(n / 8) % 4.
    await play(alice, 0, 3);
    await play(alice, 9, 1, 2);
    await play(alice, 17, 5, 40);
    await play(bob, 9, 4);
    await play(bob, 1, 1, 10);
  });
  after(() => t.close());

  const top = async (u: TestUser, path: string) => {
    const res = await t.http.inject({ method: 'GET', url: `/api/v1${path}`, headers: u.auth });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { items: { id: string }[]; total: number; next: string | null; previous: string | null };
  };
  const ids = async (u: TestUser, path: string) => (await top(u, path)).items.map((i) => i.id);

  test("everyone's: tracks, albums and artists, most played first, for a week, a month or all time", async () => {
    assert.deepEqual(await ids(alice, '/browse/top/tracks?time_range=week'), ['ttrk09', 'ttrk00']);
    assert.deepEqual(await ids(alice, '/browse/top/tracks'), ['ttrk09', 'ttrk00', 'ttrk01'], 'a month by default');
    assert.deepEqual(await ids(alice, '/browse/top/tracks?time_range=all_time'), ['ttrk09', 'ttrk17', 'ttrk00', 'ttrk01'], 'a tie (5 plays each) goes by id');
    assert.deepEqual(await ids(alice, '/browse/top/albums?time_range=week'), ['talb1', 'talb0']);
    assert.deepEqual(
      await ids(alice, '/browse/top/artists?time_range=all_time'),
      ['tart1', 'tart2', 'tart0'],
      'tart1: 1 + 4 plays and tart2: 5 tie, above tart0: 3 + 1',
    );
  });

  test('mostPlayed: given items by all-time plays, unplayed left out, over many ids', async () => {
    const many = [TEST_TRACK_IDS[9]!, ...Array.from({ length: 2000 }, (_, i) => `unplayed${i}`), ...TEST_TRACK_IDS.slice(0, 20)]; // several IN lists
    assert.deepEqual(await t.discovery.mostPlayed('track', many, null, 10), ['ttrk09', 'ttrk17', 'ttrk00', 'ttrk01']);
    assert.deepEqual(await t.discovery.mostPlayed('track', many, alice.me.id, 2), ['ttrk17', 'ttrk00']);
    assert.deepEqual(await t.discovery.mostPlayed('track', [TEST_TRACK_IDS[1]!, TEST_TRACK_IDS[0]!], bob.me.id, 10), ['ttrk01']);
    assert.deepEqual(await t.discovery.mostPlayed('track', many, null, 0), []);
  });

  test('yours: only your own plays', async () => {
    assert.deepEqual(await ids(alice, '/me/top/tracks?time_range=month'), ['ttrk00', 'ttrk09']);
    assert.deepEqual(await ids(alice, '/me/top/tracks?time_range=all_time'), ['ttrk17', 'ttrk00', 'ttrk09']);
    assert.deepEqual(await ids(bob, '/me/top/tracks?time_range=all_time'), ['ttrk09', 'ttrk01']);
    assert.deepEqual(await ids(bob, '/me/top/albums?time_range=week'), ['talb1']);
  });

  test('paged the Spotify way', async () => {
    const page = await top(alice, '/browse/top/tracks?time_range=all_time&limit=2&offset=1');
    assert.deepEqual(
      page.items.map((i) => i.id),
      ['ttrk17', 'ttrk00'],
    );
    assert.equal(page.total, 4);
    assert.match(page.next!, /offset=3&limit=2/);
    assert.match(page.previous!, /offset=0&limit=2/);
  });

  test('bad types and ranges are 400; a local file is played but not ranked', async () => {
    for (const path of ['/me/top/songs', '/browse/top/tracks?time_range=year', '/me/top/tracks?limit=0', '/me/top/tracks?limit=51']) {
      const res = await t.http.inject({ method: 'GET', url: `/api/v1${path}`, headers: alice.auth });
      assert.equal(res.statusCode, 400, path);
    }
    const local = localUri({ key: 'k', artist: 'A', album: 'B', title: 'Demo', duration_ms: 1000 });
    const res = await t.http.inject({ method: 'POST', url: '/api/v1/me/player/recently-played', headers: bob.auth, payload: { uri: local } });
    assert.equal(res.statusCode, 204);
    assert.equal((await top(bob, '/me/top/tracks?time_range=all_time')).total, 2);
  });

  test("a deleted user's own lists go with them; everyone's counts stay", async () => {
    const carol = await t.makeUser();
    await t.http.inject({
      method: 'POST',
      url: '/api/v1/me/player/recently-played',
      headers: carol.auth,
      payload: { uri: `runnel:track:${TEST_TRACK_IDS[63]}` },
    });
    await t.accounts.deleteUser(carol.me.id);
    const left = await t.database.db.selectFrom('top_counts_user').select('item_id').where('user_id', '=', carol.me.id).execute();
    assert.deepEqual(left, []);
    assert.ok((await ids(alice, '/browse/top/tracks?time_range=week')).includes('ttrk63'));
  });
});
