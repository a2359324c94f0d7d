import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Playlist, SidebarNode, SimplifiedPlaylist } from '@runnel/api';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { testCatalog } from '../testing/test-catalog.ts';
import { playlistCalls, uri } from './testing.ts';

describe('playlists as one caller sees them', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ catalogLookup: testCatalog() });
  });
  after(() => t.close());

  const { call } = playlistCalls(() => t);
  const create = async (u: TestUser, name: string) => (await call(u, 'POST', '/api/v1/me/playlists', { name })).json() as Playlist;

  test('the owner carries a display name, Spotify-shaped, in single playlists, lists and on creation', async () => {
    const anna = await t.makeUser();
    await call(anna, 'PATCH', '/api/v1/me', { display_name: 'Anna' });
    const listener = await t.makeUser();
    const created = await create(anna, 'Jogg');
    assert.deepEqual(created.owner, {
      id: anna.me.id,
      type: 'user',
      uri: `runnel:user:${anna.me.id}`,
      href: `/api/v1/users/${anna.me.id}`,
      display_name: 'Anna',
    });
    await call(listener, 'PUT', `/api/v1/playlists/${created.id}/followers`);
    assert.equal((await call(listener, 'GET', `/api/v1/playlists/${created.id}`)).json().owner.display_name, 'Anna');
    const mine = (await call(listener, 'GET', '/api/v1/me/playlists')).json().items as SimplifiedPlaylist[];
    assert.deepEqual(
      mine.map((p) => [p.name, p.owner.display_name]),
      [['Jogg', 'Anna']],
    );
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

    for (const [u, expected] of [
      [owner, true],
      [collaborator, true],
      [follower, false],
    ] as const) {
      assert.equal((await call(u, 'GET', `/api/v1/playlists/${p.id}`)).json().editable, expected);
      const listed = ((await call(u, 'GET', '/api/v1/me/playlists')).json().items as SimplifiedPlaylist[]).find((x) => x.id === p.id);
      assert.equal(listed?.editable, expected);
      const node = ((await call(u, 'GET', '/api/v1/me/sidebar')).json().items as SidebarNode[]).find((n) => n.id === p.id);
      assert.equal(node?.editable, expected);
    }
    const followerSidebar = (await call(follower, 'GET', '/api/v1/me/sidebar')).json().items as SidebarNode[];
    assert.deepEqual(
      followerSidebar.map((n) => [n.name, n.editable]),
      [
        ['Shared', false],
        ['Own', true],
      ],
    );
    await call(follower, 'POST', '/api/v1/me/folders', { name: 'Folder' });
    const folder = ((await call(follower, 'GET', '/api/v1/me/sidebar')).json().items as SidebarNode[]).find((n) => n.type === 'folder');
    assert.equal(folder?.editable, undefined, 'folders say nothing about editing');
    assert.equal(own.editable, true);
  });

  test('an item whose track left the catalogue keeps its uri, is not playable, and can be removed', async () => {
    const owner = await t.makeUser();
    const p = await create(owner, 'Gone');
    await call(owner, 'POST', `/api/v1/playlists/${p.id}/tracks`, { uris: [uri(0), uri(1), uri(2)] });
    // The catalogue no longer has the middle track (as after the file was deleted and rescanned).
    const goneUri = 'runnel:track:vanished1';
    const middle = (await t.database.db.selectFrom('playlist_entries').select('id').where('playlist_id', '=', p.id).orderBy('pos').execute())[1]!;
    await t.database.db.updateTable('playlist_entries').set({ uri: goneUri, track_id: 'vanished1' }).where('id', '=', middle.id).execute();

    const items = (await call(owner, 'GET', `/api/v1/playlists/${p.id}/tracks`)).json().items as {
      track: { id: string; uri: string; is_playable?: boolean };
    }[];
    assert.deepEqual(items[1]!.track, {
      id: 'vanished1',
      type: 'track',
      uri: goneUri,
      is_local: false,
      is_playable: false,
      restrictions: { reason: 'unavailable' },
    });
    assert.equal(items[0]!.track.is_playable, undefined, 'available tracks are as the catalogue renders them');

    const { snapshot_id } = (await call(owner, 'GET', `/api/v1/playlists/${p.id}`)).json() as Playlist;
    const removed = await call(owner, 'DELETE', `/api/v1/playlists/${p.id}/tracks`, { tracks: [{ uri: items[1]!.track.uri, positions: [1] }], snapshot_id });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.equal(removed.json().applied, true);
    const left = (await call(owner, 'GET', `/api/v1/playlists/${p.id}/tracks`)).json().items as { track: { uri: string } }[];
    assert.deepEqual(
      left.map((i) => i.track.uri),
      [uri(0), uri(2)],
    );
  });
});
