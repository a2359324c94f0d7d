import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { localUri } from '../playlists/local.ts';
import type { TestUser } from '../testing/app.ts';
import { caller, fails, ok, okXml, trackIds, type Caller } from './testing-calls.ts';
import { subsonicFixture, type SubsonicFixture } from './testing.ts';

interface Song {
  id: string;
  title: string;
}
interface PlaylistJson {
  id: string;
  name: string;
  comment?: string;
  owner: string;
  public: boolean;
  songCount: number;
  duration: number;
  created: string;
  changed: string;
  readonly: boolean;
  coverArt?: string;
  entry?: Song[];
}

describe('subsonic: playlists', () => {
  let fx: SubsonicFixture;
  let ids: Map<string, string>;
  let owner: Caller;
  let friend: TestUser;
  let stranger: TestUser;
  const id = (title: string) => ids.get(title)!;
  before(async () => {
    fx = await subsonicFixture();
    ids = await trackIds(fx.app);
    owner = caller(fx.user);
    friend = await fx.app.makeUser();
    stranger = await fx.app.makeUser();
  });
  after(() => fx.close());

  const titles = (p: PlaylistJson) => (p.entry ?? []).map((s) => s.title);

  test('createPlaylist makes a private playlist the native API lists with its snapshot id; getPlaylist(s) in JSON and XML', async () => {
    const created = (await ok(fx.app, owner, 'createPlaylist', { name: 'Road trip', songId: [id('Zebra'), id('Foundations')] })).playlist as PlaylistJson;
    assert.deepEqual(titles(created), ['Zebra', 'Foundations']);
    assert.equal(created.owner, fx.user.username);
    assert.equal(created.public, false);
    assert.equal(created.songCount, 2);
    assert.equal(created.duration, 4);
    assert.equal(created.readonly, false);
    assert.match(created.created, /^\d{4}-\d\d-\d\dT/);
    assert.ok(created.coverArt?.startsWith('al-'), 'cover from a song with album art');

    const native = (await fx.app.http.inject({ method: 'GET', url: '/api/v1/me/playlists', headers: fx.user.auth })).json();
    const listed = native.items.find((p: { id: string }) => p.id === created.id);
    assert.ok(listed, 'the playlist is in /api/v1/me/playlists');
    assert.equal(listed.revision, 1);
    assert.ok(listed.snapshot_id);

    const all = (await ok(fx.app, owner, 'getPlaylists')).playlists as { playlist: PlaylistJson[] };
    assert.ok(all.playlist.some((p) => p.id === created.id && p.songCount === 2 && p.entry === undefined));
    const one = (await ok(fx.app, owner, 'getPlaylist', { id: created.id })).playlist as PlaylistJson;
    assert.deepEqual(titles(one), ['Zebra', 'Foundations']);

    const xml = await okXml(fx.app, owner, 'getPlaylist', { id: created.id });
    assert.match(xml, /<playlist id="[^"]+" name="Road trip"[^>]*songCount="2"[^>]*><entry id=/);
    await okXml(fx.app, owner, 'getPlaylists');
    await okXml(fx.app, owner, 'createPlaylist', { name: 'Also XML' });
  });

  test('updatePlaylist: rename, comment, public, add (repeatable) and remove by index; each edit is a revision', async () => {
    const p = (await ok(fx.app, owner, 'createPlaylist', { name: 'Mix', songId: [id('Zebra'), id('Norway'), id('Mouthwash')] })).playlist as PlaylistJson;
    await ok(fx.app, owner, 'updatePlaylist', {
      playlistId: p.id,
      name: 'Mix 2',
      comment: 'for the car',
      public: true,
      songIndexToRemove: [2, 0],
      songIdToAdd: [id('Techno Train'), id('東京の夜')],
    });
    const after = (await ok(fx.app, owner, 'getPlaylist', { id: p.id })).playlist as PlaylistJson;
    assert.equal(after.name, 'Mix 2');
    assert.equal(after.comment, 'for the car');
    assert.equal(after.public, true);
    assert.deepEqual(titles(after), ['Norway', 'Techno Train', '東京の夜']);
    const native = (await fx.app.http.inject({ method: 'GET', url: `/api/v1/playlists/${p.id}`, headers: fx.user.auth })).json();
    assert.equal(native.revision, 3, 'create+add, remove, add');
    await okXml(fx.app, owner, 'updatePlaylist', { playlistId: p.id, songIdToAdd: id('Zebra') });
    await fails(fx.app, owner, 'updatePlaylist', { playlistId: p.id, songIndexToRemove: 99 }, 0);
    await fails(fx.app, owner, 'updatePlaylist', { playlistId: p.id, songIdToAdd: 'nosuchsong' }, 70);
  });

  test('a local file (added in the web player) is not a song here: indices skip it, and replacing the songs keeps it', async () => {
    const p = (await ok(fx.app, owner, 'createPlaylist', { name: 'Mixed', songId: [id('Zebra'), id('Norway')] })).playlist as PlaylistJson;
    const local = localUri({ key: 'sha1-def', artist: 'Robyn', album: 'Honey', title: 'Missing U', duration_ms: 290_000 });
    const added = await fx.app.http.inject({
      method: 'POST',
      url: `/api/v1/playlists/${p.id}/tracks`,
      headers: fx.user.auth,
      payload: { uris: [local], position: 1 },
    });
    assert.equal(added.statusCode, 201, added.body);
    const native = async () =>
      (
        (await fx.app.http.inject({ method: 'GET', url: `/api/v1/playlists/${p.id}/tracks`, headers: fx.user.auth })).json().items as {
          is_local: boolean;
          track: { name: string };
        }[]
      ).map((i) => (i.is_local ? 'local' : i.track.name));
    assert.deepEqual(titles((await ok(fx.app, owner, 'getPlaylist', { id: p.id })).playlist as PlaylistJson), ['Zebra', 'Norway']);
    await ok(fx.app, owner, 'updatePlaylist', { playlistId: p.id, songIndexToRemove: 1 });
    assert.deepEqual(await native(), ['Zebra', 'local'], 'song 1 is Norway, not the local file at index 1');
    await ok(fx.app, owner, 'createPlaylist', { playlistId: p.id, songId: [id('Foundations'), id('Zebra')] });
    assert.deepEqual(await native(), ['Foundations', 'Zebra', 'local'], 'a reorder or replace from an app leaves the local file in place');
  });

  test('createPlaylist with playlistId replaces the songs', async () => {
    const p = (await ok(fx.app, owner, 'createPlaylist', { name: 'Replace me', songId: [id('Zebra'), id('Norway')] })).playlist as PlaylistJson;
    const replaced = (await ok(fx.app, owner, 'createPlaylist', { playlistId: p.id, songId: [id('Foundations')] })).playlist as PlaylistJson;
    assert.equal(replaced.id, p.id);
    assert.deepEqual(titles(replaced), ['Foundations']);
    const emptied = (await ok(fx.app, owner, 'createPlaylist', { playlistId: p.id })).playlist as PlaylistJson;
    assert.equal(emptied.songCount, 0);
  });

  test('collaborators edit songs through /rest, not details; strangers get 70 (private) or 50 (public); only the owner deletes', async () => {
    const p = (await ok(fx.app, owner, 'createPlaylist', { name: 'Shared', songId: [id('Zebra')] })).playlist as PlaylistJson;
    const invite = await fx.app.http.inject({ method: 'PUT', url: `/api/v1/playlists/${p.id}/collaborators/${friend.me.id}`, headers: fx.user.auth });
    assert.equal(invite.statusCode, 204);
    const friendly = caller(friend);
    const seen = (await ok(fx.app, friendly, 'getPlaylists')).playlists as { playlist: PlaylistJson[] };
    assert.equal(seen.playlist.find((x) => x.id === p.id)?.readonly, false, 'the collaborator sees it, editable');
    await ok(fx.app, friendly, 'updatePlaylist', { playlistId: p.id, songIdToAdd: id('Norway') });
    await ok(fx.app, friendly, 'updatePlaylist', { playlistId: p.id, songIndexToRemove: 0 });
    assert.deepEqual(titles((await ok(fx.app, owner, 'getPlaylist', { id: p.id })).playlist as PlaylistJson), ['Norway']);
    await fails(fx.app, friendly, 'updatePlaylist', { playlistId: p.id, name: 'Mine now' }, 50);
    await fails(fx.app, friendly, 'deletePlaylist', { id: p.id }, 50);

    const outsider = caller(stranger);
    await fails(fx.app, outsider, 'getPlaylist', { id: p.id }, 70);
    await fails(fx.app, outsider, 'updatePlaylist', { playlistId: p.id, songIdToAdd: id('Zebra') }, 70);
    await ok(fx.app, owner, 'updatePlaylist', { playlistId: p.id, public: true });
    assert.equal(((await ok(fx.app, outsider, 'getPlaylist', { id: p.id })).playlist as PlaylistJson).readonly, true);
    await fails(fx.app, outsider, 'updatePlaylist', { playlistId: p.id, songIdToAdd: id('Zebra') }, 50);
    await fails(fx.app, outsider, 'deletePlaylist', { id: p.id }, 50);

    await okXml(fx.app, owner, 'deletePlaylist', { id: p.id });
    await fails(fx.app, owner, 'getPlaylist', { id: p.id }, 70);
  });

  test("getPlaylists username: a user may not list another's; an administrator sees only what Runnel shows them", async () => {
    const mine = (await ok(fx.app, owner, 'createPlaylist', { name: 'Private one' })).playlist as PlaylistJson;
    await fails(fx.app, caller(friend), 'getPlaylists', { username: fx.user.username }, 50);
    const admin = caller(fx.admin);
    const seen = ((await ok(fx.app, admin, 'getPlaylists', { username: fx.user.username })).playlists as { playlist?: PlaylistJson[] }).playlist ?? [];
    assert.ok(!seen.some((p) => p.id === mine.id), 'a private playlist stays private');
    assert.ok(seen.length > 0, 'public ones are listed');
    await fails(fx.app, admin, 'getPlaylists', { username: 'nobody_here' }, 70);
    await okXml(fx.app, admin, 'getPlaylists', { username: fx.user.username });
  });

  test('getPlaylists: song count and duration are running totals that match the songs after adds, removes and replaces', async () => {
    const listed = async (playlistId: string) => {
      const all = ((await ok(fx.app, owner, 'getPlaylists')).playlists as { playlist: PlaylistJson[] }).playlist;
      return all.find((p) => p.id === playlistId)!;
    };
    /** getPlaylists agrees with getPlaylist, which counts the songs themselves; returns [songCount, duration]. */
    const figures = async (playlistId: string) => {
      const one = (await ok(fx.app, owner, 'getPlaylist', { id: playlistId })).playlist as PlaylistJson;
      const fromList = await listed(playlistId);
      assert.deepEqual([fromList.songCount, fromList.duration], [one.songCount, one.duration], 'getPlaylists and getPlaylist agree');
      return [fromList.songCount, fromList.duration];
    };
    const p = (await ok(fx.app, owner, 'createPlaylist', { name: 'Totals', songId: [id('Zebra'), id('Norway'), id('Zebra')] })).playlist as PlaylistJson;
    assert.deepEqual(await figures(p.id), [3, p.duration]);
    assert.ok(p.duration > 0, 'durations are counted');

    await ok(fx.app, owner, 'updatePlaylist', { playlistId: p.id, songIdToAdd: [id('Foundations'), id('Mouthwash')], songIndexToRemove: [0] });
    assert.equal((await figures(p.id))[0], 4);
    await ok(fx.app, owner, 'updatePlaylist', { playlistId: p.id, songIndexToRemove: [0, 1] });
    assert.equal((await figures(p.id))[0], 2);
    // Local files (added through the web player) are not songs here, and do not count.
    const local = localUri({ key: 'sha1-abc', artist: 'Robyn', album: 'Body Talk', title: 'Dancing On My Own', duration_ms: 281_000 });
    const added = await fx.app.http.inject({
      method: 'POST',
      url: `/api/v1/playlists/${p.id}/tracks`,
      headers: fx.user.auth,
      payload: { uris: [local, `runnel:track:${id('Zebra')}`], position: 0 },
    });
    assert.equal(added.statusCode, 201, added.body);
    assert.equal((await figures(p.id))[0], 3);
    await fx.app.http.inject({
      method: 'DELETE',
      url: `/api/v1/playlists/${p.id}/tracks`,
      headers: fx.user.auth,
      payload: { tracks: [{ uri: local }, { uri: `runnel:track:${id('Zebra')}` }] },
    });
    assert.equal((await figures(p.id))[0], 2);
    await ok(fx.app, owner, 'createPlaylist', { playlistId: p.id, songId: [id('Do-Wah-Doo')] });
    assert.equal((await figures(p.id))[0], 1);
    await ok(fx.app, owner, 'createPlaylist', { playlistId: p.id });
    assert.deepEqual(await figures(p.id), [0, 0]);
    assert.equal((await listed(p.id)).coverArt, undefined, 'an empty playlist has no cover');

    // The list reads no playlist items at all; its cover is the playlist's own id.
    await ok(fx.app, owner, 'updatePlaylist', { playlistId: p.id, songIdToAdd: id('Foundations') });
    const items = fx.app.playlists.items;
    fx.app.playlists.items = () => Promise.reject(new Error('getPlaylists read items'));
    try {
      const entry = await listed(p.id);
      assert.equal(entry.songCount, 1);
      assert.equal(entry.coverArt, `pl-${p.id}`);
      await okXml(fx.app, owner, 'getPlaylists');
    } finally {
      fx.app.playlists.items = items;
    }
    const cover = await fx.app.http.inject({
      method: 'GET',
      url: `/rest/getCoverArt?u=${fx.user.username}&p=${fx.user.password}&c=test&v=1.16.1&id=pl-${p.id}`,
    });
    assert.equal(cover.statusCode, 200, 'the cover id resolves (Foundations has album art)');
  });
});
