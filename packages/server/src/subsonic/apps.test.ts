import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ScannedFile } from '../catalog/types.ts';
import { assertValidJson, assertValidXml, parseXml } from './schema.ts';
import { rest, subsonicFixture, type SubsonicFixture } from './testing.ts';
import { tagsWith } from '../catalog/tags.ts';

/**
 * Connect-and-use sequences as real apps send them (issue 8, acceptance 2). Every answer is
 * checked against the schemas on the way.
 */
const md5 = (s: string) => createHash('md5').update(s).digest('hex');
type XmlNode = ReturnType<typeof parseXml>;
const find = (node: XmlNode, name: string): XmlNode[] => node.children.flatMap((c) => (typeof c === 'string' ? [] : c.name === name ? [c] : find(c, name)));
const attr = (node: XmlNode, name: string) => node.attributes.find(([k]) => k === name)?.[1];

describe('subsonic apps', () => {
  let fx: SubsonicFixture;
  before(async () => {
    fx = await subsonicFixture();
  });
  after(() => fx.close());

  test("DSub's way: XML only, v=1.2.0, p=enc:, browse folders, stream with a Range resume", async () => {
    const auth = { u: fx.user.username, p: `enc:${Buffer.from(fx.user.password).toString('hex')}`, v: '1.2.0', c: 'DSub' };
    const xml = async (name: string, params: Record<string, string> = {}) => {
      const r = await rest(fx.app, name, { ...auth, ...params }, { view: true });
      assert.match(String(r.headers['content-type']), /^text\/xml/);
      assertValidXml(r.body, name);
      const root = parseXml(r.body);
      assert.equal(attr(root, 'status'), 'ok', `${name}: ${r.body.slice(0, 300)}`);
      return root;
    };
    await xml('ping');
    assert.equal(attr(find(await xml('getLicense'), 'license')[0]!, 'valid'), 'true');
    const folders = find(await xml('getMusicFolders'), 'musicFolder');
    assert.equal(folders.length, 1);
    assert.match(attr(folders[0]!, 'id')!, /^\d+$/);

    // Walk the folder tree from the index down to the songs, as DSub's browser does.
    const indexed = find(await xml('getIndexes', { musicFolderId: attr(folders[0]!, 'id')! }), 'artist');
    assert.ok(indexed.some((a) => attr(a, 'name') === 'Kate Nash'));
    const songs: XmlNode[] = [];
    const walk = async (id: string, depth: number) => {
      const directory = find(await xml('getMusicDirectory', { id }), 'directory')[0]!;
      for (const child of find(directory, 'child')) {
        if (attr(child, 'isDir') === 'true') await walk(attr(child, 'id')!, depth + 1);
        else songs.push(child);
      }
      assert.ok(depth < 5);
    };
    for (const artist of indexed) await walk(attr(artist, 'id')!, 0);
    assert.equal(songs.length, 9, 'every song is reachable through the folders');

    const song = songs.find((s) => attr(s, 'title') === 'Foundations')!;
    const bytes = readFileSync(join(fx.music, attr(song, 'path')!));
    assert.equal(Number(attr(song, 'size')), bytes.length);
    const url = `/rest/stream.view?${new URLSearchParams({ ...auth, id: attr(song, 'id')! })}`;
    const first = await fx.app.http.inject({ method: 'GET', url, headers: { range: 'bytes=0-9999' } });
    assert.equal(first.statusCode, 206);
    const rest_ = await fx.app.http.inject({ method: 'GET', url, headers: { range: 'bytes=10000-' } });
    assert.equal(rest_.statusCode, 206);
    assert.equal(rest_.headers['content-range'], `bytes 10000-${bytes.length - 1}/${bytes.length}`);
    assert.ok(Buffer.concat([first.rawPayload, rest_.rawPayload]).equals(bytes), 'the resumed download is the file');
  });

  test("Feishin's way: one token reused with .view paths, then form POST", async () => {
    const appPassword = (await fx.app.http.inject({ method: 'POST', url: '/api/v1/me/app-password', headers: fx.admin.auth })).json().password as string;
    const token = { u: fx.admin.username, s: 'f3ish1n', t: md5(`${appPassword}f3ish1n`), v: '1.13.0', c: 'Feishin', f: 'json' };
    const get = async (name: string, params: Record<string, string | number | string[]> = {}) => {
      const r = await rest(fx.app, name, { ...token, ...params }, { view: true });
      assert.equal(r.json.status, 'ok', `${name}: ${r.body.slice(0, 300)}`);
      return r.json;
    };
    const post = async (name: string, params: Record<string, string | number | string[]> = {}) => {
      const r = await rest(fx.app, name, { ...token, ...params }, { view: true, post: true });
      assert.equal(r.json.status, 'ok', `${name}: ${r.body.slice(0, 300)}`);
      return r.json;
    };
    const artists = (await get('getArtists')).artists as { index: { artist: { id: string; name: string }[] }[] };
    const robyn = artists.index.flatMap((i) => i.artist).find((a) => a.name === 'Robyn')!;
    const artist = (await get('getArtist', { id: robyn.id })).artist as { album: { id: string }[] };
    const album = (await get('getAlbum', { id: artist.album[0]!.id })).album as { song: { id: string }[] };
    const newest = (await get('getAlbumList2', { type: 'newest', size: 20 })).albumList2 as { album: unknown[] };
    assert.equal(newest.album.length, 6);

    await post('star', { id: album.song[0]!.id });
    const starred = (await post('getStarred2')).starred2 as { song: { id: string }[] };
    assert.deepEqual(
      starred.song.map((s) => s.id),
      [album.song[0]!.id],
    );
    await post('createPlaylist', { name: 'From Feishin', songId: [album.song[0]!.id] });
    const lists = (await post('getPlaylists')).playlists as { playlist: { id: string; name: string; songCount: number }[] };
    const mine = lists.playlist.find((p) => p.name === 'From Feishin')!;
    assert.equal(mine.songCount, 1);
    await post('updatePlaylist', { playlistId: mine.id, name: 'Feishin mix', songIdToAdd: album.song[0]!.id });
    const playlist = (await post('getPlaylist', { id: mine.id })).playlist as { name: string; entry: unknown[] };
    assert.equal(playlist.name, 'Feishin mix');
    assert.equal(playlist.entry.length, 2);
    await post('scrobble', { id: album.song[0]!.id, submission: 'false' });
    const now = (await post('getNowPlaying')).nowPlaying as { entry: { id: string; username: string }[] };
    assert.ok(now.entry.some((e) => e.id === album.song[0]!.id && e.username === fx.admin.username));
  });

  test("Supersonic's way: ping before it has credentials, then sign in", async () => {
    const anonymous = await rest(fx.app, 'ping', { v: '1.16.1', c: 'Supersonic', f: 'json' });
    assert.equal(anonymous.json.status, 'ok');
    assert.equal(anonymous.json.type, 'runnel');
    assert.equal(anonymous.json.openSubsonic, true);
    const extensions = await rest(fx.app, 'getOpenSubsonicExtensions', { v: '1.16.1', c: 'Supersonic', f: 'json' });
    const names = (extensions.json.openSubsonicExtensions as { name: string }[]).map((e) => e.name);
    assert.ok(names.includes('formPost') && names.includes('apiKeyAuthentication'));
    const wrong = await rest(fx.app, 'ping', { u: fx.user.username, p: 'not it', v: '1.16.1', c: 'Supersonic', f: 'json' });
    assert.equal(wrong.json.error?.code, 40);
    const signedIn = await rest(fx.app, 'ping', { u: fx.user.username, p: fx.user.password, v: '1.16.1', c: 'Supersonic', f: 'json' });
    assert.equal(signedIn.json.status, 'ok');
    const random = await rest(fx.app, 'getRandomSongs', { u: fx.user.username, p: fx.user.password, v: '1.16.1', c: 'Supersonic', f: 'json', size: 5 });
    assert.equal((random.json.randomSongs as { song: unknown[] }).song.length, 5);
  });

  test('Symfonium\'s sync: JSON, search3 with query "" 500 at a time, every song once', async () => {
    // 1,234 more tracks straight through the catalogue (no audio files), so paging crosses 500.
    const folder = (await fx.app.library.folders())[0]!;
    const files: ScannedFile[] = Array.from({ length: 1234 }, (_, i) => synthetic(folder.id, join(fx.music, 'Synthetic', `${i}.mp3`), i));
    for (let i = 0; i < files.length; i += 500) await fx.app.catalog.reconcile(files.slice(i, i + 500), new Set());
    const total = 9 + 1234;

    const auth = { u: fx.user.username, t: '', s: '', v: '1.16.1', c: 'Symfonium', f: 'json' };
    const appPassword = (await fx.app.http.inject({ method: 'POST', url: '/api/v1/me/app-password', headers: fx.user.auth })).json().password as string;
    auth.s = 'sym1';
    auth.t = md5(appPassword + auth.s);
    const seen = new Map<string, number>();
    for (let offset = 0; ; offset += 500) {
      const r = await rest(fx.app, 'search3', { ...auth, query: '""', songCount: 500, songOffset: offset, artistCount: 0, albumCount: 0 });
      assert.equal(r.json.status, 'ok', r.body.slice(0, 300));
      if (offset === 0) assertValidJson(JSON.parse(r.body), 'search3');
      const page = (r.json.searchResult3 as { song?: { id: string }[] } | undefined)?.song ?? [];
      for (const s of page) seen.set(s.id, (seen.get(s.id) ?? 0) + 1);
      if (page.length < 500) break;
      assert.ok(offset < 5000);
    }
    assert.equal(seen.size, total, 'every song arrives');
    assert.ok(
      [...seen.values()].every((n) => n === 1),
      'no song twice',
    );

    // Albums and artists page the same way.
    const albums = new Set<string>();
    for (let offset = 0; ; offset += 50) {
      const r = await rest(fx.app, 'search3', { ...auth, query: '', songCount: 0, artistCount: 0, albumCount: 50, albumOffset: offset });
      const page = (r.json.searchResult3 as { album?: { id: string }[] } | undefined)?.album ?? [];
      for (const a of page) albums.add(a.id);
      if (page.length < 50) break;
    }
    const { total: albumTotal } = await fx.app.catalog.listAlbums('name', 1, 0);
    assert.equal(albums.size, albumTotal);
  });
});

function synthetic(folderId: string, path: string, i: number): ScannedFile {
  return {
    path,
    folderId,
    size: 4_000_000 + i,
    mtimeMs: 1_700_000_000_000 + i,
    contentHash: `synthetic-${i}`,
    embeddedImage: null,
    tags: tagsWith({
      title: `Synthetic ${i}`,
      artists: [`Synth Artist ${i % 37}`],
      album: `Synth Album ${i % 120}`,
      albumArtists: [`Synth Artist ${i % 37}`],
      trackNumber: (i % 12) + 1,
      trackTotal: 12,
      discNumber: 1,
      discTotal: 1,
      year: 1990 + (i % 30),
      genres: ['Synthpop'],
      durationMs: 200_000,
      bitrate: 256_000,
      sampleRate: 44_100,
      channels: 2,
      codec: 'MPEG 1 Layer 3',
      container: 'MPEG',
    }),
  };
}
