import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { TEST_TRACK_IDS, testCatalog } from '../testing/test-catalog.ts';
import { entryStore } from './entries.ts';
import { localUri } from './local.ts';
import { playlistCalls, uri } from './testing.ts';

describe('playlists', () => {
  let t: TestApp;
  let owner: TestUser;
  before(async () => {
    t = await testApp({ catalogLookup: testCatalog() });
    owner = await t.makeUser();
  });
  after(() => t.close());

  const { call, create, order } = playlistCalls(() => t);

  test('create, add at positions, move a range, remove by uri and by position, Spotify-shaped', async () => {
    const p = await create(owner, { description: 'for running' });
    assert.equal(p.revision, 0);
    const added = await call(owner, 'POST', `/api/v1/playlists/${p.id}/tracks`, { uris: [uri(0), uri(1), uri(2), uri(3)] });
    assert.equal(added.statusCode, 201);
    assert.notEqual(added.json().snapshot_id, p.snapshot_id);
    await call(owner, 'POST', `/api/v1/playlists/${p.id}/tracks`, { uris: [uri(9)], position: 1 });
    assert.deepEqual(await order(owner, p.id), [uri(0), uri(9), uri(1), uri(2), uri(3)]);
    const moved = await call(owner, 'PUT', `/api/v1/playlists/${p.id}/tracks`, { range_start: 2, range_length: 2, insert_before: 0 });
    assert.equal(moved.statusCode, 200);
    assert.deepEqual(await order(owner, p.id), [uri(1), uri(2), uri(0), uri(9), uri(3)]);
    await call(owner, 'PUT', `/api/v1/playlists/${p.id}/tracks`, { range_start: 0, insert_before: 5 });
    assert.deepEqual(await order(owner, p.id), [uri(2), uri(0), uri(9), uri(3), uri(1)]);
    await call(owner, 'POST', `/api/v1/playlists/${p.id}/tracks`, { uris: [uri(0)] });
    const wrong = await call(owner, 'DELETE', `/api/v1/playlists/${p.id}/tracks`, { tracks: [{ uri: uri(0), positions: [2] }] });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.code, 'position_mismatch');
    await call(owner, 'DELETE', `/api/v1/playlists/${p.id}/tracks`, { tracks: [{ uri: uri(0), positions: [5] }] });
    assert.deepEqual(await order(owner, p.id), [uri(2), uri(0), uri(9), uri(3), uri(1)], 'only the entry at position 5 went');
    await call(owner, 'DELETE', `/api/v1/playlists/${p.id}/tracks`, { tracks: [{ uri: uri(9) }, { uri: uri(3) }] });
    assert.deepEqual(await order(owner, p.id), [uri(2), uri(0), uri(1)]);
    const full = (await call(owner, 'GET', `/api/v1/playlists/${p.id}`)).json();
    assert.equal(full.type, 'playlist');
    assert.equal(full.uri, `runnel:playlist:${p.id}`);
    assert.equal(full.tracks.total, 3);
    assert.equal(full.revision, 7);
    const item = full.tracks.items[0];
    assert.equal(item.is_local, false);
    assert.equal(item.added_by.id, owner.me.id);
    assert.match(item.added_at, /^\d{4}-/);
    assert.equal(item.track.id, TEST_TRACK_IDS[2]);
  });

  test('inserting into the same gap again and again re-keys only a neighbourhood, keeping the order', async () => {
    const p = await create(owner);
    const expected = Array.from({ length: 300 }, (_, i) => uri(i % 64));
    for (let i = 0; i < 300; i += 100) await call(owner, 'POST', `/api/v1/playlists/${p.id}/tracks`, { uris: expected.slice(i, i + 100) });
    const keys = async () => await t.database.db.selectFrom('playlist_entries').select(['id', 'pos']).where('playlist_id', '=', p.id).orderBy('pos').execute();
    const before = await keys();
    for (let i = 0; i < 70; i += 1) {
      const u = uri(i % 64);
      await call(owner, 'POST', `/api/v1/playlists/${p.id}/tracks`, { uris: [u], position: 150 });
      expected.splice(150, 0, u);
    }
    assert.deepEqual(
      (await call(owner, 'GET', `/api/v1/playlists/${p.id}/tracks?limit=100&offset=100`)).json().items.map((i: { track: { uri: string } }) => i.track.uri),
      expected.slice(100, 200),
    );
    const after = new Map((await keys()).map((r) => [r.id, r.pos]));
    assert.ok(
      before.slice(0, 100).every((r) => after.get(r.id) === r.pos),
      'entries far from the gap keep their keys',
    );
    assert.ok(
      before.slice(140, 160).some((r) => after.get(r.id) !== r.pos),
      'the neighbourhood was re-keyed',
    );

    // Keys one ulp apart (as after very many edits in one place): the neighbourhood widens until it has room.
    const crammed = await create(owner);
    await call(owner, 'POST', `/api/v1/playlists/${crammed.id}/tracks`, { uris: expected.slice(0, 100) });
    const rows = await t.database.db.selectFrom('playlist_entries').select('id').where('playlist_id', '=', crammed.id).orderBy('pos').execute();
    for (const [i, row] of rows.entries())
      await t.database.db
        .updateTable('playlist_entries')
        .set({ pos: 1 + i * 2 ** -52 })
        .where('id', '=', row.id)
        .execute();
    await call(owner, 'POST', `/api/v1/playlists/${crammed.id}/tracks`, { uris: [uri(63), uri(62)], position: 50 });
    await call(owner, 'PUT', `/api/v1/playlists/${crammed.id}/tracks`, { range_start: 90, range_length: 5, insert_before: 20 });
    const want = expected.slice(0, 100);
    want.splice(50, 0, uri(63), uri(62));
    want.splice(20, 0, ...want.splice(90, 5));
    const tail = (await call(owner, 'GET', `/api/v1/playlists/${crammed.id}/tracks?offset=100`))
      .json()
      .items.map((i: { track: { uri: string } }) => i.track.uri);
    assert.deepEqual([...(await order(owner, crammed.id)), ...tail], want);
  });

  test('pages read from either end agree with the whole order', async () => {
    const p = await create(owner);
    const expected: string[] = [];
    for (const [n, at] of [
      [100, 0],
      [100, 50],
      [50, 200],
      [7, 0],
    ] as const) {
      const uris = Array.from({ length: n }, (_, i) => uri((i * 7 + at) % 64));
      await call(owner, 'POST', `/api/v1/playlists/${p.id}/tracks`, { uris, position: at });
      expected.splice(at, 0, ...uris);
    }
    await call(owner, 'PUT', `/api/v1/playlists/${p.id}/tracks`, { range_start: 240, range_length: 10, insert_before: 3 });
    expected.splice(3, 0, ...expected.splice(240, 10));
    for (const [offset, limit] of [
      [0, 100],
      [100, 100],
      [200, 100],
      [240, 17],
      [256, 5],
      [130, 1],
      [257, 10],
    ] as const) {
      const page = (await call(owner, 'GET', `/api/v1/playlists/${p.id}/tracks?offset=${offset}&limit=${limit}`)).json();
      assert.equal(page.total, 257);
      assert.deepEqual(
        page.items.map((i: { track: { uri: string } }) => i.track.uri),
        expected.slice(offset, offset + limit),
        `offset ${offset} limit ${limit}`,
      );
    }
    // A length seen before a concurrent edit picks the wrong end to walk from: the page is read again.
    for (const [offset, hint] of [
      [240, 300],
      [240, 200],
      [10, 257],
      [250, 0],
      [257, 300],
    ] as const) {
      const { rows, total } = await entryStore.page(t.database.db, p.id, offset, 10, hint);
      assert.equal(total, 257);
      assert.deepEqual(
        rows.map((r) => r.uri),
        expected.slice(offset, offset + 10),
        `offset ${offset} hint ${hint}`,
      );
    }
  });

  test('unknown tracks are refused; out-of-range positions are 400', async () => {
    const p = await create(owner);
    const unknown = await call(owner, 'POST', `/api/v1/playlists/${p.id}/tracks`, { uris: [uri(0), 'runnel:track:nosuchtrack'] });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'track_not_found');
    assert.deepEqual(await order(owner, p.id), []);
    const far = await call(owner, 'POST', `/api/v1/playlists/${p.id}/tracks`, { uris: [uri(0)], position: 3 });
    assert.equal(far.statusCode, 400);
    const badSnap = await call(owner, 'POST', `/api/v1/playlists/${p.id}/tracks`, { uris: [uri(0)], snapshot_id: 'bm9wZTox' });
    assert.equal(badSnap.statusCode, 400);
  });

  test('local files sit beside catalogue tracks; duplicates are allowed', async () => {
    const p = await create(owner);
    const local = localUri({ key: 'sha1-abc', artist: 'Robyn', album: 'Body Talk', title: 'Dancing On My Own', duration_ms: 281000 });
    await call(owner, 'POST', `/api/v1/playlists/${p.id}/tracks`, { uris: [uri(0), local, uri(0)] });
    const items = (await call(owner, 'GET', `/api/v1/playlists/${p.id}/tracks`)).json().items;
    assert.equal(items.length, 3);
    assert.equal(items[1].is_local, true);
    assert.equal(items[1].track.name, 'Dancing On My Own');
    assert.equal(items[1].track.artists[0].name, 'Robyn');
    assert.equal(items[1].track.duration_ms, 281000);
    assert.equal(items[1].track.local_key, 'sha1-abc');
    assert.equal(items[0].track.id, items[2].track.id);
    assert.notEqual(items[0].entry_id, items[2].entry_id);
  });

  test('the change log replays to the same order; rename and details by the owner', async () => {
    const p = await create(owner);
    await call(owner, 'POST', `/api/v1/playlists/${p.id}/tracks`, { uris: [uri(0), uri(1), uri(2)] });
    await call(owner, 'PUT', `/api/v1/playlists/${p.id}/tracks`, { range_start: 2, insert_before: 0 });
    await call(owner, 'DELETE', `/api/v1/playlists/${p.id}/tracks`, { tracks: [{ uri: uri(1) }] });
    const log = (await call(owner, 'GET', `/api/v1/playlists/${p.id}/changes?since=0`)).json();
    assert.equal(log.reload, false);
    assert.deepEqual(
      log.changes.map((c: { op: string }) => c.op),
      ['add', 'move', 'remove'],
    );
    let list: string[] = [];
    const uris = new Map<string, string>();
    for (const c of log.changes) {
      if (c.op === 'add') {
        for (const e of c.entries) uris.set(e.entry_id, e.uri);
        const at = c.after_entry_id === null ? 0 : list.indexOf(c.after_entry_id) + 1;
        list.splice(at, 0, ...c.entries.map((e: { entry_id: string }) => e.entry_id));
      } else {
        list = list.filter((id) => !c.entry_ids.includes(id));
        if (c.op === 'move') list.splice(c.after_entry_id === null ? 0 : list.indexOf(c.after_entry_id) + 1, 0, ...c.entry_ids);
      }
    }
    assert.deepEqual(
      list.map((id) => uris.get(id)),
      await order(owner, p.id),
    );
    const tail = (await call(owner, 'GET', `/api/v1/playlists/${p.id}/changes?since=3`)).json();
    assert.deepEqual(tail.changes, []);
    assert.equal((await call(owner, 'GET', `/api/v1/playlists/${p.id}/changes?since=9`)).statusCode, 400);
    assert.equal((await call(owner, 'PUT', `/api/v1/playlists/${p.id}`, { name: 'Sleep', public: false })).statusCode, 204);
    const got = (await call(owner, 'GET', `/api/v1/playlists/${p.id}`)).json();
    assert.equal(got.name, 'Sleep');
    assert.equal(got.public, false);
  });

  test('changes since a revision too far back say reload', async () => {
    const p = await create(owner);
    for (let i = 0; i < 1001; i += 1) await t.playlists.add(p.id, owner.me.id, [uri(i % 64)], undefined);
    const far = (await call(owner, 'GET', `/api/v1/playlists/${p.id}/changes?since=0`)).json();
    assert.equal(far.reload, true);
    assert.deepEqual(far.changes, []);
    assert.equal(far.revision, 1001);
    const near = (await call(owner, 'GET', `/api/v1/playlists/${p.id}/changes?since=1`)).json();
    assert.equal(near.reload, false);
    assert.equal(near.changes.length, 1000);
    const stale = await call(owner, 'POST', `/api/v1/playlists/${p.id}/tracks`, { uris: [uri(0)], position: 0, snapshot_id: p.snapshot_id });
    assert.equal(stale.statusCode, 409, 'an edit based that far back is refused: reload, then re-send');
    assert.equal(stale.json().error.code, 'snapshot_too_old');
    const ok = await call(owner, 'POST', `/api/v1/playlists/${p.id}/tracks`, { uris: [uri(0)], position: 0, snapshot_id: near.snapshot_id });
    assert.equal(ok.statusCode, 201);
  });

  test('replaceSongs, removeSongsAt and details (what Subsonic clients need): local files are not theirs to drop', async () => {
    const p = await create(owner);
    await t.playlists.add(p.id, owner.me.id, [uri(0), uri(1), uri(2), uri(1)], undefined);
    await t.playlists.removeSongsAt(p.id, owner.me.id, [3, 0]);
    assert.deepEqual(await order(owner, p.id), [uri(1), uri(2)]);
    await assert.rejects(t.playlists.removeSongsAt(p.id, owner.me.id, [2]), /not in the playlist/);
    // A Subsonic client sees the songs only: its indices skip local files, which stay.
    const local = localUri({ key: 'k1', artist: 'A', album: 'B', title: 'Home demo', duration_ms: 1000 });
    await t.playlists.add(p.id, owner.me.id, [local], 0);
    await t.playlists.add(p.id, owner.me.id, [local], 2);
    assert.deepEqual(await order(owner, p.id), [local, uri(1), local, uri(2)]);
    await t.playlists.removeSongsAt(p.id, owner.me.id, [1]);
    assert.deepEqual(await order(owner, p.id), [local, uri(1), local], 'song 1 is uri(2), not the local file at index 1');
    await t.playlists.replaceSongs(p.id, owner.me.id, [uri(5), uri(6)]);
    assert.deepEqual(await order(owner, p.id), [local, uri(5), uri(6), local], 'the new songs go where the first song was');
    await t.playlists.replaceSongs(p.id, owner.me.id, []);
    assert.deepEqual(await order(owner, p.id), [local, local]);
    await t.playlists.replaceSongs(p.id, owner.me.id, [uri(5), uri(6)]);
    assert.deepEqual(await order(owner, p.id), [local, local, uri(5), uri(6)], 'with no songs before, they go at the end');
    const stranger = await t.makeUser();
    const details = await t.playlists.details([p.id], owner.me.id);
    assert.equal(details.get(p.id)?.editable, true);
    assert.ok(details.get(p.id)!.updatedAt >= details.get(p.id)!.createdAt);
    assert.equal((await t.playlists.details([p.id], stranger.me.id)).get(p.id)?.editable, false, 'public: seen, not editable');
    await assert.rejects(t.playlists.replaceSongs(p.id, stranger.me.id, [uri(1)]), /owner and collaborators/);
    const changes = (await call(owner, 'GET', `/api/v1/playlists/${p.id}/changes?since=0`)).json();
    assert.deepEqual(
      changes.changes.map((c: { op: string }) => c.op),
      ['add', 'remove', 'add', 'add', 'remove', 'remove', 'add', 'remove', 'add'],
      'every step is a logged revision',
    );
  });
});
