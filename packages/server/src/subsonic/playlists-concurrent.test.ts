import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { asUser, rest, subsonicFixture, type SubsonicFixture } from './testing.ts';

/**
 * Issue 8, acceptance 4: a playlist edited through `/rest` and through `/api/v1` at the same
 * time loses nothing — both go through the playlists module, which orders the edits by
 * revision and rebases stale ones.
 */
let fx: SubsonicFixture;
before(async () => {
  fx = await subsonicFixture();
});
after(() => fx.close());

test('adds, removals and a rename through both APIs at once: nothing lost, both APIs agree', async () => {
  const { items } = await fx.app.catalog.listAlbums('name', 50, 0);
  const tracks = (await Promise.all(items.map((a) => fx.app.catalog.album(a.id)))).flatMap((a) => a.tracks.items.map((t) => t.id));
  assert.equal(tracks.length, 9);
  const owner = fx.user;
  const created = (
    await fx.app.http.inject({ method: 'POST', url: '/api/v1/me/playlists', headers: owner.auth, payload: { name: 'Both ways', collaborative: false } })
  ).json();
  const id = created.id as string;
  // A starting list of five entries, one of which both sides will try to keep, one the native side removes.
  const seed = tracks.slice(0, 5).map((t) => `runnel:track:${t}`);
  const seeded = (await fx.app.http.inject({ method: 'POST', url: `/api/v1/playlists/${id}/tracks`, headers: owner.auth, payload: { uris: seed } })).json();
  const snapshot = seeded.snapshot_id as string;

  const ROUNDS = 12;
  const viaRest = Array.from({ length: ROUNDS }, (_, i) =>
    rest(fx.app, 'updatePlaylist', { ...asUser(owner), playlistId: id, songIdToAdd: [tracks[i % 9]!, tracks[(i + 4) % 9]!] }, { post: i % 2 === 0 }),
  );
  // The native side edits from the snapshot it saw before any of the /rest edits: stale on purpose.
  const viaApi = Array.from({ length: ROUNDS }, (_, i) =>
    fx.app.http.inject({
      method: 'POST',
      url: `/api/v1/playlists/${id}/tracks`,
      headers: owner.auth,
      payload: { uris: [`runnel:track:${tracks[(i + 2) % 9]}`], position: 0, snapshot_id: snapshot },
    }),
  );
  const removal = fx.app.http.inject({
    method: 'DELETE',
    url: `/api/v1/playlists/${id}/tracks`,
    headers: owner.auth,
    payload: { tracks: [{ uri: seed[4], positions: [4] }], snapshot_id: snapshot },
  });
  const rename = rest(fx.app, 'updatePlaylist', { ...asUser(owner), playlistId: id, name: 'Both ways, renamed', comment: 'edited from an app' });
  const results = await Promise.all([...viaRest, ...viaApi, removal, rename]);
  for (const r of results) {
    if ('json' in r && typeof r.json === 'object' && 'status' in r.json) assert.equal(r.json.status, 'ok', r.body.slice(0, 200));
    else assert.ok([200, 201].includes((r as { statusCode: number }).statusCode), (r as { body: string }).body);
  }

  // Everything added is there: 5 − 1 removed + 2 per /rest round + 1 per native round.
  const expected = 5 - 1 + ROUNDS * 2 + ROUNDS;
  const native = (await fx.app.http.inject({ method: 'GET', url: `/api/v1/playlists/${id}/tracks?limit=100`, headers: owner.auth })).json();
  assert.equal(native.total, expected);
  const subsonic = await rest(fx.app, 'getPlaylist', { ...asUser(owner), id });
  const playlist = subsonic.json.playlist as { name: string; comment?: string; songCount: number; entry: { id: string }[] };
  assert.equal(playlist.name, 'Both ways, renamed');
  assert.equal(playlist.comment, 'edited from an app');
  assert.equal(playlist.songCount, expected);
  // Both APIs show the same order.
  assert.deepEqual(
    playlist.entry.map((e) => e.id),
    native.items.map((i: { track: { id: string } }) => i.track.id),
  );
  // The entry the native side removed (by its position in the snapshot it saw) is the one gone.
  const counts = new Map<string, number>();
  for (const e of playlist.entry) counts.set(e.id, (counts.get(e.id) ?? 0) + 1);
  const added = (t: string) =>
    [...Array(ROUNDS).keys()].filter((i) => tracks[i % 9] === t || tracks[(i + 4) % 9] === t).length +
    [...Array(ROUNDS).keys()].filter((i) => tracks[(i + 2) % 9] === t).length;
  for (const [index, t] of tracks.entries()) {
    const seeded_ = index < 5 ? 1 : 0;
    const removed = index === 4 ? 1 : 0;
    assert.equal(counts.get(t) ?? 0, seeded_ - removed + added(t), `track ${index}`);
  }
  // Revisions: one per edit, in order, visible in the change log.
  const changes = (await fx.app.http.inject({ method: 'GET', url: `/api/v1/playlists/${id}/changes?since=0`, headers: owner.auth })).json();
  assert.ok(Array.isArray(changes.operations ?? changes.changes ?? []));
});
