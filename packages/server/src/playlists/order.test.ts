import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SidebarNode } from '@runnel/api';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { playlistCalls } from './testing.ts';

// Issue 22's acceptance list, as playlist names.
const SWEDISH = ['Abba', 'Oasis', 'Västerbron', 'Wilco', 'Zappa', 'Åslund', 'Ärlig', 'Östlund'];
const ENGLISH = ['Abba', 'Ärlig', 'Åslund', 'Oasis', 'Östlund', 'Västerbron', 'Wilco', 'Zappa'];
// Made in this order, a second apart: a friend's two first, then the user's six; then the user
// follows the friend's Åslund and is invited to edit the friend's Wilco.
const NEWEST_MADE_FIRST = ['Oasis', 'Abba', 'Västerbron', 'Östlund', 'Ärlig', 'Zappa', 'Wilco', 'Åslund'];
const LATEST_ADDED_FIRST = ['Wilco', 'Åslund', 'Oasis', 'Abba', 'Västerbron', 'Östlund', 'Ärlig', 'Zappa'];

interface Listed {
  name: string;
  editable: boolean;
}

describe('your playlists A–Z in your language, or the latest added first', () => {
  let t: TestApp;
  let me: TestUser;
  const { call, create } = playlistCalls(() => t);

  before(async () => {
    t = await testApp();
    me = await t.makeUser();
    const friend = await t.makeUser();
    const made = async (u: TestUser, name: string) => {
      t.clock.advance(1000);
      return (await create(u, { name })).id;
    };
    const aslund = await made(friend, 'Åslund');
    const wilco = await made(friend, 'Wilco');
    for (const name of ['Zappa', 'Ärlig', 'Östlund', 'Västerbron', 'Abba', 'Oasis']) await made(me, name);
    t.clock.advance(1000);
    assert.equal((await call(me, 'PUT', `/api/v1/playlists/${aslund}/followers`)).statusCode, 204);
    t.clock.advance(1000);
    assert.equal((await call(friend, 'PUT', `/api/v1/playlists/${wilco}/collaborators/${me.me.id}`)).statusCode, 204);
  });
  after(() => t.close());

  const get = async (url: string, headers: Record<string, string> = {}) => {
    const response = await t.http.inject({ method: 'GET', url, headers: { ...me.auth, ...headers } });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { items: Listed[]; total?: number };
  };
  const names = async (url: string, language?: string) => (await get(url, language ? { 'accept-language': language } : {})).items.map((p) => p.name);

  test('GET /me/playlists?sort=name: A–Z in the request’s language, else English; owned, followed and joined alike', async () => {
    assert.deepEqual(await names('/api/v1/me/playlists?sort=name', 'sv-SE,sv;q=0.9'), SWEDISH);
    assert.deepEqual(await names('/api/v1/me/playlists?sort=name', 'en-GB'), ENGLISH);
    assert.deepEqual(await names('/api/v1/me/playlists?sort=name'), ENGLISH);
    const page = await get('/api/v1/me/playlists?sort=name&limit=50', { 'accept-language': 'sv' });
    assert.equal(page.total, 8);
    assert.deepEqual(
      page.items.filter((p) => !p.editable).map((p) => p.name),
      ['Åslund'],
      'followed: not editable; joined as a collaborator: editable',
    );
  });

  test('paging walks the language’s order: every playlist once, in order', async () => {
    for (const [language, expected] of [
      ['sv', SWEDISH],
      ['en', ENGLISH],
    ] as const) {
      const pages: string[] = [];
      for (let offset = 0; offset < 8; offset += 3) pages.push(...(await names(`/api/v1/me/playlists?sort=name&limit=3&offset=${offset}`, language)));
      assert.deepEqual(pages, expected);
    }
  });

  test('the language chosen in Settings wins over Accept-Language', async () => {
    const patch = (language: string | null) => t.http.inject({ method: 'PATCH', url: '/api/v1/me', headers: me.auth, payload: { language } });
    assert.equal((await patch('sv')).statusCode, 200);
    assert.deepEqual(await names('/api/v1/me/playlists?sort=name', 'en'), SWEDISH);
    assert.deepEqual(await names('/api/v1/me/sidebar?sort=name', 'en'), SWEDISH);
    assert.equal((await patch(null)).statusCode, 200);
    assert.deepEqual(await names('/api/v1/me/playlists?sort=name', 'en'), ENGLISH);
  });

  test('without sort the orders are as before: newest made first; the sidebar its own tree', async () => {
    assert.deepEqual(await names('/api/v1/me/playlists'), NEWEST_MADE_FIRST);
    assert.deepEqual(await names('/api/v1/me/sidebar'), ['Zappa', 'Ärlig', 'Östlund', 'Västerbron', 'Abba', 'Oasis', 'Åslund', 'Wilco']);
  });

  test('sort=added: the latest to join your library first (made, followed or joined)', async () => {
    assert.deepEqual(await names('/api/v1/me/playlists?sort=added'), LATEST_ADDED_FIRST);
    assert.deepEqual(await names('/api/v1/me/sidebar?sort=added'), LATEST_ADDED_FIRST);
  });

  test('GET /me/sidebar?sort=name: the playlists alone, flat, A–Z; folders left to the tree', async () => {
    const folder = await call(me, 'POST', '/api/v1/me/folders', { name: 'Aaa folder' });
    assert.equal(folder.statusCode, 201, folder.body);
    const zappa = ((await get('/api/v1/me/sidebar')).items as SidebarNode[]).find((n) => n.name === 'Zappa')!;
    assert.equal((await call(me, 'PUT', '/api/v1/me/sidebar/move', { node_id: zappa.id, parent_id: folder.json().id, position: 0 })).statusCode, 204);
    const tree = (await get('/api/v1/me/sidebar')).items as SidebarNode[];
    assert.deepEqual(
      tree.filter((n) => n.depth > 0).map((n) => n.name),
      ['Zappa'],
    );

    for (const [language, expected] of [
      ['sv', SWEDISH],
      ['en', ENGLISH],
    ] as const) {
      const flat = (await get('/api/v1/me/sidebar?sort=name', { 'accept-language': language })).items as SidebarNode[];
      assert.deepEqual(
        flat.map((n) => n.name),
        expected,
      );
      assert.ok(
        flat.every((n, i) => n.type === 'playlist' && n.depth === 0 && n.parent_id === null && n.index === i),
        'flat',
      );
      assert.deepEqual(
        flat.filter((n) => !n.editable).map((n) => n.name),
        ['Åslund'],
      );
    }
  });

  test('an unknown sort is refused with invalid_request, on both lists', async () => {
    for (const url of ['/api/v1/me/playlists?sort=title', '/api/v1/me/sidebar?sort=-name', '/api/v1/me/sidebar?sort=']) {
      const response = await t.http.inject({ method: 'GET', url, headers: me.auth });
      assert.equal(response.statusCode, 400, url);
      assert.equal((response.json() as { error: { code: string } }).error.code, 'invalid_request', url);
    }
  });
});
