import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { TEST_ALBUM_IDS, TEST_TRACK_IDS, testCatalog } from '../testing/test-catalog.ts';

const track = (i: number) => `runnel:track:${TEST_TRACK_IDS[i]}`;

describe('player queue', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ catalogLookup: testCatalog() });
  });
  after(() => t.close());

  const call = (u: TestUser, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.http.inject({ method, url, headers: u.auth, ...(payload && { payload }) });

  test('context, next-up items, reorder, remove, shuffle and repeat are persisted per user', async () => {
    const u = await t.makeUser();
    const fresh = (await call(u, 'GET', '/api/v1/me/player/queue')).json();
    assert.equal(fresh.context, null);
    assert.deepEqual(fresh.next_up, []);
    const ctx = await call(u, 'PUT', '/api/v1/me/player/context', { context_uri: `runnel:album:${TEST_ALBUM_IDS[0]}`, position: 3, track_uri: track(3) });
    assert.equal(ctx.statusCode, 200, ctx.body);
    for (const i of [10, 11, 12]) assert.equal((await call(u, 'POST', `/api/v1/me/player/queue?uri=${encodeURIComponent(track(i))}`)).statusCode, 200);
    await call(u, 'PUT', '/api/v1/me/player/queue', { range_start: 2, insert_before: 0 });
    let q = (await call(u, 'GET', '/api/v1/me/player/queue')).json();
    assert.deepEqual(
      q.next_up.map((i: { uri: string }) => i.uri),
      [track(12), track(10), track(11)],
    );
    assert.equal(q.next_up[0].track.id, TEST_TRACK_IDS[12]);
    assert.deepEqual(q.context, { uri: `runnel:album:${TEST_ALBUM_IDS[0]}`, type: 'album' });
    assert.equal(q.position, 3);
    assert.equal(q.currently_playing, track(3));
    await call(u, 'DELETE', `/api/v1/me/player/queue/items/${q.next_up[1].entry_id}`);
    await call(u, 'PUT', '/api/v1/me/player/shuffle?state=true');
    await call(u, 'PUT', '/api/v1/me/player/repeat?state=context');
    q = (await call(u, 'GET', '/api/v1/me/player/queue')).json();
    assert.deepEqual(
      q.next_up.map((i: { uri: string }) => i.uri),
      [track(12), track(11)],
    );
    assert.equal(q.shuffle_state, true);
    assert.equal(q.repeat_state, 'context');
    assert.ok(q.revision >= 7);

    // Playing the first next-up item uses it up and lands in recently played.
    assert.equal(
      (await call(u, 'POST', '/api/v1/me/player/recently-played', { uri: track(12), context_uri: `runnel:album:${TEST_ALBUM_IDS[0]}` })).statusCode,
      204,
    );
    q = (await call(u, 'GET', '/api/v1/me/player/queue')).json();
    assert.deepEqual(
      q.next_up.map((i: { uri: string }) => i.uri),
      [track(11)],
    );
    assert.equal(q.currently_playing, track(12));
    const recent = (await call(u, 'GET', '/api/v1/me/player/recently-played')).json();
    assert.equal(recent.items[0].track.id, TEST_TRACK_IDS[12]);
    assert.equal(recent.items[0].context.uri, `runnel:album:${TEST_ALBUM_IDS[0]}`);
  });

  test("other users' queues and private playlists are not found", async () => {
    const u = await t.makeUser();
    const other = await t.makeUser();
    await call(other, 'POST', `/api/v1/me/player/queue?uri=${encodeURIComponent(track(1))}`);
    const theirItem = (await call(other, 'GET', '/api/v1/me/player/queue')).json().next_up[0].entry_id;
    const steal = await call(u, 'DELETE', `/api/v1/me/player/queue/items/${theirItem}`);
    assert.equal(steal.statusCode, 404);
    assert.equal(steal.json().error.code, 'queue_item_not_found');
    assert.equal((await call(other, 'GET', '/api/v1/me/player/queue')).json().next_up.length, 1);
    assert.deepEqual((await call(u, 'GET', '/api/v1/me/player/queue')).json().next_up, []);

    const secret = (await call(other, 'POST', '/api/v1/me/playlists', { name: 'secret', public: false })).json().id;
    const ctx = await call(u, 'PUT', '/api/v1/me/player/context', { context_uri: `runnel:playlist:${secret}` });
    assert.equal(ctx.statusCode, 404);
    assert.equal((await call(other, 'PUT', '/api/v1/me/player/context', { context_uri: `runnel:playlist:${secret}` })).statusCode, 200);
    assert.equal((await call(u, 'POST', '/api/v1/me/player/queue?uri=runnel:track:nosuch')).statusCode, 404);
  });

  test('saveQueue: current plays at a position, what follows is next up; resumePoint reads it back', async () => {
    const u = await t.makeUser();
    await t.player.saveQueue(u.me.id, { uris: [track(1), track(2), track(3), track(4)], current: track(2), progressMs: 61_500, changedBy: 'DSub' });
    const saved = await t.player.resumePoint(u.me.id);
    assert.equal(saved.queue.currently_playing, track(2));
    assert.deepEqual(
      saved.queue.next_up.map((i) => i.uri),
      [track(3), track(4)],
    );
    assert.equal(saved.queue.context, null);
    assert.equal(saved.progressMs, 61_500);
    assert.equal(saved.changedBy, 'DSub');
    await t.player.played(u.me.id, { uri: track(3) });
    assert.equal((await t.player.resumePoint(u.me.id)).progressMs, 0, 'a new track starts at 0');
    await assert.rejects(t.player.saveQueue(u.me.id, { uris: ['runnel:track:nosuch'], progressMs: 0, changedBy: null }), /not found/i);
    await t.player.saveQueue(u.me.id, { uris: [], progressMs: 0, changedBy: null });
    const cleared = await t.player.resumePoint(u.me.id);
    assert.equal(cleared.queue.currently_playing, null);
    assert.deepEqual(cleared.queue.next_up, []);
  });

  test('now playing: one entry per user and player, newest first', async () => {
    const a = await t.makeUser();
    const b = await t.makeUser();
    await t.player.playingNow(a.me.id, 'phone', track(1));
    await t.player.playingNow(a.me.id, 'phone', track(2));
    t.clock.advance(5);
    await t.player.playingNow(b.me.id, 'car', track(3));
    const mine = (await t.player.nowPlaying()).filter((e) => e.userId === a.me.id || e.userId === b.me.id);
    assert.deepEqual(
      mine.map((e) => [e.userId, e.player, e.uri]),
      [
        [b.me.id, 'car', track(3)],
        [a.me.id, 'phone', track(2)],
      ],
    );
    await assert.rejects(t.player.playingNow(a.me.id, 'phone', 'runnel:track:nosuch'), /not found/i);
  });
});
