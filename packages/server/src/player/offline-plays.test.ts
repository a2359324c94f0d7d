import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ALL_TIME } from '../discovery/service.ts';
import { testApp, type TestApp } from '../testing/app.ts';
import { TEST_TRACK_IDS, testCatalog } from '../testing/test-catalog.ts';

// Plays made offline arrive later, perhaps twice (the answer to the first send was lost):
// each counts once, at its own time, and does not become "currently playing".

let t: TestApp;
before(async () => {
  t = await testApp({ catalogLookup: testCatalog() });
});
after(() => t.close());

test('a play sent again with the same play_id is recorded and counted once', async () => {
  const u = await t.makeUser();
  const body = { uri: `runnel:track:${TEST_TRACK_IDS[1]}`, played_at: Date.now() - 60_000, play_id: 'offline-play-0001' };
  for (let i = 0; i < 3; i++) {
    const sent = await t.http.inject({ method: 'POST', url: '/api/v1/me/player/recently-played', headers: u.auth, payload: body });
    assert.equal(sent.statusCode, 204);
  }
  const history = (await t.http.inject({ method: 'GET', url: '/api/v1/me/player/recently-played', headers: u.auth })).json();
  assert.equal(history.items.length, 1);
  assert.equal(history.items[0].played_at, new Date(body.played_at).toISOString());
  const counts = await t.database.db
    .selectFrom('top_counts_user')
    .select('plays')
    .where('user_id', '=', u.me.id)
    .where('kind', '=', 'track')
    .where('day', '=', ALL_TIME)
    .execute();
  assert.deepEqual(
    counts.map((c) => Number(c.plays)),
    [1],
  );
  // Another user's play with the same id is theirs.
  const other = await t.makeUser();
  await t.http.inject({ method: 'POST', url: '/api/v1/me/player/recently-played', headers: other.auth, payload: body });
  assert.equal((await t.http.inject({ method: 'GET', url: '/api/v1/me/player/recently-played', headers: other.auth })).json().items.length, 1);
});

test('a play from hours ago goes into history but does not become what is playing now', async () => {
  const u = await t.makeUser();
  const now = `runnel:track:${TEST_TRACK_IDS[2]}`;
  await t.http.inject({ method: 'POST', url: '/api/v1/me/player/recently-played', headers: u.auth, payload: { uri: now, play_id: 'online-play-0001' } });
  const old = { uri: `runnel:track:${TEST_TRACK_IDS[3]}`, played_at: Date.now() - 3 * 3_600_000, play_id: 'offline-play-0002' };
  await t.http.inject({ method: 'POST', url: '/api/v1/me/player/recently-played', headers: u.auth, payload: old });
  const queue = (await t.http.inject({ method: 'GET', url: '/api/v1/me/player/queue', headers: u.auth })).json();
  assert.equal(queue.currently_playing, now);
  const history = (await t.http.inject({ method: 'GET', url: '/api/v1/me/player/recently-played', headers: u.auth })).json();
  assert.deepEqual(
    history.items.map((i: { uri: string }) => i.uri),
    [now, old.uri],
  );
});

test('a malformed play id is refused with a stable code', async () => {
  const u = await t.makeUser();
  const sent = await t.http.inject({
    method: 'POST',
    url: '/api/v1/me/player/recently-played',
    headers: u.auth,
    payload: { uri: `runnel:track:${TEST_TRACK_IDS[1]}`, play_id: "x'; drop table" },
  });
  assert.equal(sent.statusCode, 400);
  assert.equal(sent.json().error.code, 'invalid_request');
});
