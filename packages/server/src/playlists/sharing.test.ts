import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { testCatalog } from '../testing/test-catalog.ts';
import { playlistCalls, uri } from './testing.ts';

describe('playlists: who sees and edits them, who hears of changes', () => {
  let t: TestApp;
  let owner: TestUser;
  before(async () => {
    t = await testApp({ catalogLookup: testCatalog() });
    owner = await t.makeUser();
  });
  after(() => t.close());
  const { call, create } = playlistCalls(() => t);

  test('privacy: private is 404 to others, follower cannot edit, collaborator can, uninvited cannot', async () => {
    const stranger = await t.makeUser();
    const fan = await t.makeUser();
    const friend = await t.makeUser();
    const secret = await create(owner, { public: false, name: 'Secret' });
    for (const [method, url] of [
      ['GET', ''],
      ['GET', '/tracks'],
      ['GET', '/changes?since=0'],
      ['PUT', '/followers'],
      ['GET', '/collaborators'],
    ] as const) {
      const res = await call(stranger, method, `/api/v1/playlists/${secret.id}${url}`);
      assert.equal(res.statusCode, 404, `${method} ${url}`);
      assert.equal(res.json().error.code, 'playlist_not_found');
    }
    assert.equal((await call(stranger, 'POST', `/api/v1/playlists/${secret.id}/tracks`, { uris: [uri(0)] })).statusCode, 404);

    const open = await create(owner, { name: 'Open' });
    assert.equal((await call(fan, 'PUT', `/api/v1/playlists/${open.id}/followers`)).statusCode, 204);
    assert.deepEqual((await call(fan, 'GET', `/api/v1/playlists/${open.id}/followers/contains?ids=${fan.me.id},${stranger.me.id}`)).json(), [true, false]);
    const byFan = await call(fan, 'POST', `/api/v1/playlists/${open.id}/tracks`, { uris: [uri(0)] });
    assert.equal(byFan.statusCode, 403);
    assert.equal((await call(stranger, 'PUT', `/api/v1/playlists/${open.id}/tracks`, { range_start: 0, insert_before: 0 })).statusCode, 403);
    assert.equal((await call(fan, 'PUT', `/api/v1/playlists/${open.id}`, { name: 'mine now' })).statusCode, 403);

    assert.equal((await call(fan, 'PUT', `/api/v1/playlists/${secret.id}/collaborators/${friend.me.id}`)).statusCode, 404, 'not the owner, and cannot see it');
    assert.equal((await call(owner, 'PUT', `/api/v1/playlists/${secret.id}/collaborators/${friend.me.id}`)).statusCode, 204);
    const byFriend = await call(friend, 'POST', `/api/v1/playlists/${secret.id}/tracks`, { uris: [uri(4)] });
    assert.equal(byFriend.statusCode, 201);
    const items = (await call(owner, 'GET', `/api/v1/playlists/${secret.id}/tracks`)).json().items;
    assert.equal(items[0].added_by.id, friend.me.id);
    assert.equal((await call(friend, 'GET', `/api/v1/playlists/${secret.id}`)).json().collaborative, true);
    assert.equal((await call(friend, 'DELETE', `/api/v1/playlists/${secret.id}`)).statusCode, 403, 'a collaborator cannot delete');

    const link = (await call(owner, 'POST', `/api/v1/playlists/${secret.id}/edit-link`)).json();
    assert.equal((await call(stranger, 'POST', `/api/v1/playlists/${secret.id}/collaborators`, { token: 'x'.repeat(24) })).statusCode, 404);
    assert.equal((await call(stranger, 'POST', `/api/v1/playlists/${secret.id}/collaborators`, { token: link.token })).statusCode, 204);
    assert.equal((await call(stranger, 'POST', `/api/v1/playlists/${secret.id}/tracks`, { uris: [uri(5)] })).statusCode, 201);
    assert.equal((await call(owner, 'DELETE', `/api/v1/playlists/${secret.id}/collaborators/${stranger.me.id}`)).statusCode, 204);
    assert.equal((await call(stranger, 'GET', `/api/v1/playlists/${secret.id}`)).statusCode, 404, 'removed collaborators lose sight of it');

    // What search indexes: the private playlist only for its owner and collaborators.
    const documents = [];
    for await (const batch of t.playlists.searchDocuments([secret.id, open.id])) documents.push(...batch);
    const secretDoc = documents.find((d) => d.id === secret.id)!;
    assert.equal(secretDoc.visibility.public, false);
    assert.deepEqual(new Set(secretDoc.visibility.users), new Set([owner.me.id, friend.me.id]));
    assert.equal(secretDoc.artists[0], owner.me.display_name);
    assert.equal(documents.find((d) => d.id === open.id)!.visibility.public, true);
    let all = 0;
    for await (const batch of t.playlists.searchDocuments()) all += batch.length;
    assert.ok(all >= 2);

    const mine = (await call(friend, 'GET', '/api/v1/me/playlists')).json();
    assert.ok(
      mine.items.some((p: { id: string }) => p.id === secret.id),
      'collaborating playlists are listed',
    );
    const fans = (await call(fan, 'GET', '/api/v1/me/playlists')).json();
    assert.ok(
      fans.items.some((p: { id: string }) => p.id === open.id),
      'followed playlists are listed',
    );
    assert.ok(!fans.items.some((p: { id: string }) => p.id === secret.id));
  });

  test('playlist.changed events carry id and visibility, addressed to editors (and followers when public)', async () => {
    const fan = await t.makeUser();
    const p = await create(owner);
    await call(fan, 'PUT', `/api/v1/playlists/${p.id}/followers`);
    const seen: { users?: string[]; data: { id: string; public: boolean; kind: string } }[] = [];
    const stop = t.events.subscribe((e) => {
      if (e.type === 'playlist.changed') seen.push(e as (typeof seen)[number]);
    });
    await call(owner, 'POST', `/api/v1/playlists/${p.id}/tracks`, { uris: [uri(1)] });
    await call(owner, 'PUT', `/api/v1/playlists/${p.id}`, { public: false });
    await call(owner, 'POST', `/api/v1/playlists/${p.id}/tracks`, { uris: [uri(2)] });
    stop();
    assert.equal(seen[0]!.data.id, p.id);
    assert.equal(seen[0]!.data.public, true);
    assert.ok(seen[0]!.users!.includes(fan.me.id));
    const wentPrivate = seen.find((e) => e.data.kind === 'details')!;
    assert.equal(wentPrivate.data.public, false);
    assert.ok(wentPrivate.users!.includes(fan.me.id), 'followers hear once that it went private');
    const last = seen.at(-1)!;
    assert.equal(last.data.public, false);
    assert.deepEqual(last.users, [owner.me.id], 'a private playlist is only announced to its editors');
    const after: { users?: string[]; data: { kind: string } }[] = [];
    const off = t.events.subscribe((e) => {
      if (e.type === 'playlist.changed') after.push(e as (typeof after)[number]);
    });
    await call(owner, 'PUT', `/api/v1/playlists/${p.id}`, { public: true });
    await call(owner, 'DELETE', `/api/v1/playlists/${p.id}`);
    off();
    const deleted = after.find((e) => e.data.kind === 'deleted')!;
    assert.ok(deleted.users!.includes(fan.me.id), 'followers of a public playlist hear that it was deleted');
  });
});
