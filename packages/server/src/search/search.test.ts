import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SearchResponse } from '@runnel/api';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import type { DocumentSource, SearchDocument, SearchKind } from './documents.ts';
import { createSearch } from './service.ts';

/** A catalogue stand-in behind the DocumentSource interface (the catalog module is wired by the lead). */
function fakeCatalog() {
  const docs = new Map<string, SearchDocument>();
  const source: DocumentSource = {
    kinds: ['track', 'album', 'artist', 'playlist'],
    async *documents(kind: SearchKind, ids?: readonly string[]) {
      const all = [...docs.values()].filter((d) => d.kind === kind);
      yield ids ? all.filter((d) => ids.includes(d.id)) : all;
    },
  };
  return { docs, source };
}

describe('search route', () => {
  let t: TestApp;
  let alice: TestUser;
  const catalog = fakeCatalog();

  before(async () => {
    t = await testApp();
    t.search.addSource(catalog.source);
    alice = await t.makeUser({ username: 'alice_w' });
    await t.search.upsert([
      { id: 'tr1', kind: 'track', title: 'Do-Wah-Doo', artists: ['Kate Nash'], album: 'Made of Bricks', year: 2007, popularity: 10 },
      { id: 'tr2', kind: 'track', title: 'Fembot', artists: ['Robyn'], album: 'Body Talk Pt. 1', year: 2010, popularity: 20 },
      { id: 'ar1', kind: 'artist', title: 'Robyn', artists: [], genres: ['pop'], popularity: 50 },
      { id: 'al1', kind: 'album', title: 'Body Talk Pt. 1', artists: ['Robyn'], year: 2010, popularity: 5 },
    ]);
  });
  after(() => t.close());

  const get = async (user: TestUser | undefined, query: string) => {
    const response = await t.http.inject({ method: 'GET', url: `/api/v1/search?${query}`, headers: user?.auth ?? {} });
    return { status: response.statusCode, body: response.json() as SearchResponse };
  };

  test('refuses anonymous clients', async () => {
    assert.equal((await get(undefined, 'q=robyn')).status, 401);
  });

  test('returns Spotify-shaped paging objects and a best match', async () => {
    const { status, body } = await get(alice, 'q=robyn&type=track,artist,album&limit=5');
    assert.equal(status, 200);
    assert.equal(body.best_match?.type, 'artist');
    assert.equal(body.best_match?.item.id, 'ar1');
    assert.deepEqual(
      body.tracks?.items.map((i) => i.id),
      ['tr2'],
    );
    assert.equal(body.tracks?.items[0]?.uri, 'runnel:track:tr2');
    assert.deepEqual(body.tracks?.items[0]?.artists, [{ name: 'Robyn' }]);
    assert.equal(body.tracks?.total, 1);
    assert.equal(body.tracks?.limit, 5);
    assert.equal(body.tracks?.next, null);
    assert.equal(body.users, undefined, 'only the requested kinds');
    assert.equal(body.albums?.items[0]?.name, 'Body Talk Pt. 1');
  });

  test('pages with offset and next', async () => {
    const first = await get(alice, 'q=robyn&type=track,album&limit=1');
    assert.equal(first.body.tracks?.total, 1);
    const both = await get(alice, 'q=body&type=track,album&limit=1&offset=0');
    assert.equal(both.body.albums?.items[0]?.id, 'al1');
    const past = await get(alice, 'q=body&type=album&limit=1&offset=1');
    assert.equal(past.body.albums?.items.length, 0);
    assert.equal(past.body.albums?.previous !== null, true);
  });

  test('a changed item is shown as it is now, though its page was just read', async () => {
    await t.search.upsert([{ id: 'tr3', kind: 'track', title: 'Hang With Me', artists: ['Robyn'], album: 'Body Talk Pt. 1', popularity: 1 }]);
    assert.equal((await get(alice, 'q=hang&type=track')).body.tracks?.items[0]?.name, 'Hang With Me');
    await t.search.upsert([{ id: 'tr3', kind: 'track', title: 'Hang With Me (Acoustic)', artists: ['Robyn'], album: 'Body Talk Pt. 1', popularity: 1 }]);
    assert.equal((await get(alice, 'q=hang&type=track')).body.tracks?.items[0]?.name, 'Hang With Me (Acoustic)');
    await t.search.remove(['tr3'], 'track');
    assert.equal((await get(alice, 'q=hang&type=track')).body.tracks?.total, 0);
  });

  test('rejects bad parameters with 400', async () => {
    assert.equal((await get(alice, 'q=')).status, 400);
    assert.equal((await get(alice, 'q=x&type=song')).status, 400);
    assert.equal((await get(alice, 'q=x&limit=0')).status, 400);
    assert.equal((await get(alice, 'q=x&limit=51')).status, 400);
    assert.equal((await get(alice, 'q=x&offset=-1')).status, 400);
  });

  test('finds users by username and by display name', async () => {
    const bob = await t.makeUser({ username: 'bobby_tables' });
    await t.http.inject({ method: 'PATCH', url: '/api/v1/me', headers: bob.auth, payload: { display_name: 'Robert Åkesson' } });
    await t.search.settled();
    const byName = await get(alice, 'q=bobby&type=user');
    assert.deepEqual(
      byName.body.users?.items.map((u) => u.id),
      [bob.me.id],
    );
    assert.equal(byName.body.users?.items[0]?.display_name, 'Robert Åkesson');
    const byDisplay = await get(alice, 'q=akesson&type=user');
    assert.deepEqual(
      byDisplay.body.users?.items.map((u) => u.id),
      [bob.me.id],
    );
    const self = await get(alice, 'q=alice&type=user');
    assert.deepEqual(
      self.body.users?.items.map((u) => u.id),
      [alice.me.id],
    );
  });

  test('a deleted user is no longer found', async () => {
    const carol = await t.makeUser({ username: 'carol_gone' });
    await t.search.settled();
    assert.equal((await get(alice, 'q=carol_gone&type=user')).body.users?.total, 1);
    await t.accounts.deleteUser(carol.me.id);
    await t.search.settled();
    assert.equal((await get(alice, 'q=carol_gone&type=user')).body.users?.total, 0);
  });

  test('a catalogue change announced on the bus is searchable within a second', async () => {
    catalog.docs.set('fresh1', { id: 'fresh1', kind: 'track', title: 'Mavericks', artists: ['Johnossi'], album: 'Mavericks', popularity: 1 });
    const started = Date.now();
    await t.events.publish({ type: 'catalog.changed', data: { kind: 'track', ids: ['fresh1'] } });
    let found = false;
    while (!found && Date.now() - started < 1000) {
      found = (await get(alice, 'q=johnossi&type=track')).body.tracks?.items.some((i) => i.id === 'fresh1') ?? false;
      if (!found) await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(found, 'found within 1 s');
    catalog.docs.delete('fresh1');
    await t.events.publish({ type: 'catalog.changed', data: { kind: 'track', ids: ['fresh1'] } });
    await t.search.settled();
    assert.equal((await get(alice, 'q=johnossi&type=track')).body.tracks?.total, 0, 'gone once the source no longer has it');
  });

  test('private playlists are found only by their audience', async () => {
    const other = await t.makeUser();
    await t.search.upsert([
      { id: 'pl1', kind: 'playlist', title: 'Jogg mix', artists: ['alice_w'], visibility: { public: false, users: [alice.me.id] } },
      { id: 'pl2', kind: 'playlist', title: 'Jogg classics', artists: ['someone'], visibility: { public: true } },
    ]);
    assert.deepEqual((await get(alice, 'q=jogg&type=playlist')).body.playlists?.items.map((p) => p.id).sort(), ['pl1', 'pl2']);
    assert.deepEqual(
      (await get(other, 'q=jogg&type=playlist')).body.playlists?.items.map((p) => p.id),
      ['pl2'],
    );
  });

  test('a change made on one node is searchable on another within a second', async () => {
    // A second search instance on the same database and bus, as a second node would have.
    const other = createSearch({ db: t.database.db, events: t.events, now: t.clock.now });
    await other.start();
    const started = Date.now();
    await t.search.upsert([{ id: 'node2', kind: 'track', title: 'Liquid Confidence', artists: ['You Me At Six'], popularity: 1 }]);
    let found = false;
    while (!found && Date.now() - started < 1000) {
      found = (await other.query({ q: 'liquid conf', kinds: ['track'], limit: 5, offset: 0 })).results.track!.hits.some((h) => h.id === 'node2');
      if (!found) await new Promise((r) => setTimeout(r, 10));
    }
    other.close();
    assert.ok(found, 'found on the other node within 1 s');
  });

  test('reindex rebuilds from the sources and drops what they no longer have', async () => {
    catalog.docs.set('ri1', { id: 'ri1', kind: 'track', title: 'Red Revelations', artists: ['Jace Everett'], popularity: 3 });
    const counts = await t.search.reindex(['track']);
    assert.equal(counts.track, 1);
    assert.deepEqual(
      (await get(alice, 'q=jace&type=track')).body.tracks?.items.map((i) => i.id),
      ['ri1'],
    );
    assert.equal((await get(alice, 'q=fembot&type=track')).body.tracks?.total, 0, 'tr2 was not in the source');
  });
});
