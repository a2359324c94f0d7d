import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SidebarNode } from '@runnel/api';
import { testCatalog } from '../testing/test-catalog.ts';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { playlistCalls } from './testing.ts';

describe('sidebar folders', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ catalogLookup: testCatalog() });
  });
  after(() => t.close());

  const { call } = playlistCalls(() => t);
  /** The tree drawn as indented names, e.g. ["Found", "DFA remixes/", "  Jogg"]. */
  const draw = async (u: TestUser) =>
    ((await call(u, 'GET', '/api/v1/me/sidebar')).json().items as SidebarNode[]).map(
      (n) => `${'  '.repeat(n.depth)}${n.name}${n.type === 'folder' ? '/' : ''}`,
    );
  const playlist = async (u: TestUser, name: string) => (await call(u, 'POST', '/api/v1/me/playlists', { name })).json().id as string;
  const folder = async (u: TestUser, name: string, parent_id: string | null = null, position?: number) => {
    const res = await call(u, 'POST', '/api/v1/me/folders', { name, parent_id, ...(position !== undefined && { position }) });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const move = (u: TestUser, node_id: string, parent_id: string | null, position: number) =>
    call(u, 'PUT', '/api/v1/me/sidebar/move', { node_id, parent_id, position });

  test('new and followed playlists append to the top level; folders nest; moves keep order and nesting', async () => {
    const u = await t.makeUser();
    const other = await t.makeUser();
    const found = await playlist(u, 'Found');
    const happy = await playlist(u, 'Make Me Happy');
    const jogg = await playlist(u, 'Jogg');
    const sleep = await playlist(u, 'Sleep');
    const theirs = await playlist(other, 'Their mix');
    await call(u, 'PUT', `/api/v1/playlists/${theirs}/followers`);
    assert.deepEqual(await draw(u), ['Found', 'Make Me Happy', 'Jogg', 'Sleep', 'Their mix']);

    const dfa = await folder(u, 'DFA remixes', null, 2);
    assert.equal((await move(u, jogg, dfa, 0)).statusCode, 204);
    assert.equal((await move(u, sleep, dfa, 1)).statusCode, 204);
    assert.deepEqual(await draw(u), ['Found', 'Make Me Happy', 'DFA remixes/', '  Jogg', '  Sleep', 'Their mix']);

    const inner = await folder(u, 'Night', dfa);
    await move(u, theirs, inner, 0);
    await move(u, sleep, dfa, 0);
    assert.deepEqual(await draw(u), ['Found', 'Make Me Happy', 'DFA remixes/', '  Sleep', '  Jogg', '  Night/', '    Their mix']);

    // Moving a folder carries its whole subtree, in order.
    await move(u, dfa, null, 0);
    assert.deepEqual(await draw(u), ['DFA remixes/', '  Sleep', '  Jogg', '  Night/', '    Their mix', 'Found', 'Make Me Happy']);
    await move(u, happy, null, 0);
    await move(u, found, dfa, 3);
    assert.deepEqual(await draw(u), ['Make Me Happy', 'DFA remixes/', '  Sleep', '  Jogg', '  Night/', '    Their mix', '  Found']);

    const cycle = await move(u, dfa, inner, 0);
    assert.equal(cycle.statusCode, 400);
    assert.equal(cycle.json().error.code, 'folder_cycle');
    assert.equal((await move(u, found, dfa, 9)).statusCode, 400);
    assert.equal((await move(other, found, null, 0)).statusCode, 404, "another user's sidebar is not yours to move");
    assert.equal((await call(u, 'PATCH', `/api/v1/me/folders/${inner}`, { name: 'Late night' })).statusCode, 204);
    assert.ok((await draw(u)).includes('  Late night/'));
    assert.deepEqual(await draw(other), ['Their mix'], "other users' sidebars are their own");
  });

  test('deleting a folder with content asks for a rule: move_up keeps order in place, delete removes content', async () => {
    const u = await t.makeUser();
    const other = await t.makeUser();
    await playlist(u, 'A');
    const b = await playlist(u, 'B');
    const c = await playlist(u, 'C');
    const theirs = await playlist(other, 'Theirs');
    await call(u, 'PUT', `/api/v1/playlists/${theirs}/followers`);
    const outer = await folder(u, 'Outer', null, 1);
    const inner = await folder(u, 'Inner', outer);
    await move(u, b, outer, 0);
    await move(u, c, inner, 0);
    await move(u, theirs, inner, 1);
    assert.deepEqual(await draw(u), ['A', 'Outer/', '  B', '  Inner/', '    C', '    Theirs']);

    const ask = await call(u, 'DELETE', `/api/v1/me/folders/${outer}`);
    assert.equal(ask.statusCode, 409);
    assert.equal(ask.json().error.code, 'folder_not_empty');

    assert.equal((await call(u, 'DELETE', `/api/v1/me/folders/${outer}?content=move_up`)).statusCode, 204);
    assert.deepEqual(await draw(u), ['A', 'B', 'Inner/', '  C', '  Theirs']);

    assert.equal((await call(u, 'DELETE', `/api/v1/me/folders/${inner}?content=delete`)).statusCode, 204);
    assert.deepEqual(await draw(u), ['A', 'B']);
    assert.equal((await call(u, 'GET', `/api/v1/playlists/${c}`)).statusCode, 404, 'own playlists inside are deleted');
    assert.equal((await call(other, 'GET', `/api/v1/playlists/${theirs}`)).statusCode, 200, "others' playlists are only unfollowed");
    assert.deepEqual((await call(other, 'GET', `/api/v1/playlists/${theirs}/followers/contains?ids=${u.me.id}`)).json(), [false]);

    const empty = await folder(u, 'Empty');
    assert.equal((await call(u, 'DELETE', `/api/v1/me/folders/${empty}`)).statusCode, 204, 'an empty folder needs no rule');
    assert.equal((await call(u, 'DELETE', `/api/v1/me/folders/${empty}`)).statusCode, 404);
  });
});
