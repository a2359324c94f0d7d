import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp, TestUser } from '../testing/app.ts';
import { socialFixture, type SocialFixture } from './testing.ts';
import { testDbKind } from '../testing/database.ts';
import { TEST_ALBUM_IDS, TEST_TRACK_IDS } from '../testing/test-catalog.ts';

describe(`feed (${testDbKind})`, () => {
  let t: TestApp;
  let ann: TestUser;
  let bo: TestUser;
  let cy: TestUser;
  let call: SocialFixture['call'];
  before(async () => {
    ({
      t,
      users: [ann, bo, cy],
      call,
    } = await socialFixture());
    await call(ann, 'PUT', `/users/${bo.me.id}/followers`);
  });
  after(() => t.close());

  const feed = async (u: TestUser) =>
    (await call(u, 'GET', '/me/feed')).json().items as {
      kind: string;
      user: { id: string };
      item: { id: string; name?: string };
      target: { id: string } | null;
      count: number | null;
    }[];
  const track = (i: number) => `runnel:track:${TEST_TRACK_IDS[i]}`;

  test('what people you follow play, star, save and add to public playlists shows in your feed, newest first', async () => {
    await call(bo, 'POST', '/me/player/recently-played', { uri: track(1) });
    await call(bo, 'POST', '/me/player/recently-played', { uri: track(1) }); // the same listening: once
    await call(bo, 'PUT', `/me/starred?ids=${TEST_TRACK_IDS[2]}`);
    await call(bo, 'PUT', `/me/albums?ids=${TEST_ALBUM_IDS[3]}`);
    const playlist = (await call(bo, 'POST', '/me/playlists', { name: 'Open mix' })).json() as { id: string };
    await call(bo, 'POST', `/playlists/${playlist.id}/tracks`, { uris: [track(4), track(5)] });
    await call(cy, 'POST', '/me/player/recently-played', { uri: track(9) }); // not followed

    const items = await feed(ann);
    assert.deepEqual(
      items.map((i) => i.kind),
      ['added', 'created', 'saved_album', 'starred', 'played'],
    );
    assert.ok(items.every((i) => i.user.id === bo.me.id));
    const added = items[0]!;
    assert.equal(added.item.id, TEST_TRACK_IDS[4]);
    assert.equal(added.target?.id, playlist.id);
    assert.equal(added.count, 2);
    assert.equal(items[1]!.item.name, 'Open mix');
    assert.equal((await feed(bo)).length, 0, 'Bo follows no one');
  });

  test('a playlist made private leaves the feed; private playlists never enter it', async () => {
    const secret = (await call(bo, 'POST', '/me/playlists', { name: 'Secret', public: false })).json() as { id: string };
    await call(bo, 'POST', `/playlists/${secret.id}/tracks`, { uris: [track(6)] });
    assert.ok(!(await feed(ann)).some((i) => i.item.id === secret.id || i.target?.id === secret.id));
    const open = (await feed(ann)).find((i) => i.kind === 'created')!;
    await call(bo, 'PUT', `/playlists/${open.item.id}`, { public: false });
    assert.ok(!(await feed(ann)).some((i) => i.item.id === open.item.id || i.target?.id === open.item.id));
  });

  test('listening privately: plays leave the feed and People, the rest stays', async () => {
    assert.deepEqual((await call(bo, 'GET', '/me/social-settings')).json(), { share_listening: true });
    await call(bo, 'PUT', '/me/player/now-playing', { uri: track(7) });
    const seen = async () => (await call(ann, 'GET', '/me/people')).json().following[0].now_playing;
    assert.ok(await seen());
    const res = await call(bo, 'PUT', '/me/social-settings', { share_listening: false });
    assert.deepEqual(res.json(), { share_listening: false });
    assert.equal(await seen(), null);
    assert.ok(!(await feed(ann)).some((i) => i.kind === 'played'));
    await call(bo, 'POST', '/me/player/recently-played', { uri: track(8) });
    assert.ok(!(await feed(ann)).some((i) => i.kind === 'played'), 'not recorded either');
    assert.ok((await feed(ann)).some((i) => i.kind === 'starred'));
    assert.equal((await call(bo, 'PUT', '/me/social-settings', { share_listening: 'no' })).statusCode, 400);
  });
});
