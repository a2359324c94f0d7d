import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Playlist, SidebarNode, SimplifiedPlaylist } from '@runnel/api';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { testCatalog } from '../testing/test-catalog.ts';

describe('playlists as one caller sees them', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ catalogLookup: testCatalog() });
  });
  after(() => t.close());

  const call = (u: TestUser, method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', url: string, payload?: object) =>
    t.http.inject({ method, url, headers: u.auth, ...(payload && { payload }) });
  const create = async (u: TestUser, name: string) => (await call(u, 'POST', '/api/v1/me/playlists', { name })).json() as Playlist;

  test('the owner carries a display name, Spotify-shaped, in single playlists, lists and on creation', async () => {
    const anna = await t.makeUser();
    await call(anna, 'PATCH', '/api/v1/me', { display_name: 'Anna' });
    const listener = await t.makeUser();
    const created = await create(anna, 'Jogg');
    assert.deepEqual(created.owner, { id: anna.me.id, type: 'user', uri: `runnel:user:${anna.me.id}`, href: `/api/v1/users/${anna.me.id}`, display_name: 'Anna' });
    await call(listener, 'PUT', `/api/v1/playlists/${created.id}/followers`);
    assert.equal((await call(listener, 'GET', `/api/v1/playlists/${created.id}`)).json().owner.display_name, 'Anna');
    const mine = (await call(listener, 'GET', '/api/v1/me/playlists')).json().items as SimplifiedPlaylist[];
    assert.deepEqual(mine.map((p) => [p.name, p.owner.display_name]), [['Jogg', 'Anna']]);
  });

  test('editable is true for the owner and collaborators only, in the playlist, lists and the sidebar', async () => {
    const owner = await t.makeUser();
    const collaborator = await t.makeUser();
    const follower = await t.makeUser();
    const p = await create(owner, 'Shared');
    assert.equal(p.editable, true);
    assert.equal((await call(owner, 'PUT', `/api/v1/playlists/${p.id}/collaborators/${collaborator.me.id}`)).statusCode, 204);
    await call(follower, 'PUT', `/api/v1/playlists/${p.id}/followers`);
    const own = await create(follower, 'Own');

    for (const [u, expected] of [[owner, true], [collaborator, true], [follower, false]] as const) {
      assert.equal((await call(u, 'GET', `/api/v1/playlists/${p.id}`)).json().editable, expected);
      const listed = ((await call(u, 'GET', '/api/v1/me/playlists')).json().items as SimplifiedPlaylist[]).find((x) => x.id === p.id);
      assert.equal(listed?.editable, expected);
      const node = ((await call(u, 'GET', '/api/v1/me/sidebar')).json().items as SidebarNode[]).find((n) => n.id === p.id);
      assert.equal(node?.editable, expected);
    }
    const followerSidebar = (await call(follower, 'GET', '/api/v1/me/sidebar')).json().items as SidebarNode[];
    assert.deepEqual(followerSidebar.map((n) => [n.name, n.editable]), [['Shared', false], ['Own', true]]);
    await call(follower, 'POST', '/api/v1/me/folders', { name: 'Folder' });
    const folder = ((await call(follower, 'GET', '/api/v1/me/sidebar')).json().items as SidebarNode[]).find((n) => n.type === 'folder');
    assert.equal(folder?.editable, undefined, 'folders say nothing about editing');
    assert.equal(own.editable, true);
  });
});
