import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { endpoints } from '../subsonic/endpoints/index.ts';
import { folderNumber } from '../subsonic/map.ts';
import { rest } from '../subsonic/testing.ts';
import { generatePicture, generateTone } from '../library/generate.ts';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { concreteUrl, routeMethods } from '../../test/routes.ts';

/**
 * Issue 23's acceptance: a user without access to a library sees none of its items through
 * any route. Two music folders (real files), each its own library; B is granted only the
 * first, after B saved, listed, played and was sent music of the second. Then every GET route
 * the server registers (so a new route cannot escape the walk) and every Subsonic endpoint is
 * called as B with each hidden id, and no answer may name anything of the second library.
 */
let t: TestApp;
let admin: TestUser;
let b: TestUser & { username: string };
let open: string;
let hidden: string;
const ids = { track: '', album: '', artist: '', image: '', folder: '', openFolder: '', openTrack: '', openAlbum: '', openArtist: '' };
let secrets: string[] = [];

const as = (user: TestUser, method: string, url: string, payload?: unknown) =>
  t.http.inject({ method: method as 'GET', url, headers: user.auth, payload: payload as object | undefined });

before(async () => {
  t = await testApp();
  open = await mkdtemp(join(tmpdir(), 'runnel-lib-open-'));
  hidden = await mkdtemp(join(tmpdir(), 'runnel-lib-hidden-'));
  const tags = (title: string, artist: string, album: string, genre: string) => ({ title, artist, album, album_artist: artist, genre, date: '2001' });
  await generateTone({ path: join(open, 'Alpha', 'alpha.mp3'), format: 'mp3v24', seconds: 1, tags: tags('Alpha Song', 'Alphaband', 'Alpha Album', 'Ambient') });
  await generateTone({ path: join(hidden, 'Zulu', 'zulu.mp3'), format: 'mp3v24', seconds: 1, tags: tags('Zulu Secret', 'Zuluband', 'Zulu Hidden', 'Zydeco') });
  await generatePicture(join(hidden, 'Zulu', 'cover.png'), 64, 200);
  const f1 = await t.library.addFolder(open);
  const f2 = await t.library.addFolder(hidden);
  await t.library.scan('full');
  admin = await t.makeUser({ role: 'admin', product: 'premium' });
  const username = `bee_${Math.random().toString(36).slice(2, 7)}`;
  b = { ...(await t.makeUser({ username, product: 'premium' })), username };

  const zulu = (await as(admin, 'GET', '/api/v1/search?q=zulu&type=track')).json().tracks.items[0];
  const alpha = (await as(admin, 'GET', '/api/v1/search?q=alpha&type=track')).json().tracks.items[0];
  const track = (await as(admin, 'GET', `/api/v1/tracks/${zulu.id}`)).json();
  const album = (await as(admin, 'GET', `/api/v1/albums/${track.album.id}`)).json();
  Object.assign(ids, {
    track: track.id,
    album: album.id,
    artist: track.artists[0].id,
    folder: f2.id,
    openFolder: f1.id,
    openTrack: alpha.id,
    openAlbum: alpha.album.id,
    openArtist: alpha.artists[0].id,
  });
  ids.image = /\/images\/([A-Za-z0-9_-]+)/.exec(JSON.stringify(album.images))?.[1] ?? '';
  assert.ok(ids.image, 'the hidden album has a cover');
  secrets = [ids.track, ids.album, ids.artist, ids.image, 'Zulu', 'zulu', 'Zydeco', hidden];

  // Before any library exists B reaches everything, and keeps references to the hidden music.
  const uri = `runnel:track:${ids.track}`;
  assert.ok((await as(b, 'PUT', `/api/v1/me/tracks?ids=${ids.track}`)).statusCode < 300);
  const list = (await as(b, 'POST', '/api/v1/me/playlists', { name: 'Mixed' })).json();
  await as(b, 'POST', `/api/v1/playlists/${list.id}/tracks`, { uris: [uri, `runnel:track:${ids.openTrack}`] });
  await as(b, 'POST', '/api/v1/me/player/recently-played', { uri });
  await as(admin, 'POST', '/api/v1/me/player/recently-played', { uri });
  // Played together with the hidden track, the visible one makes it a radio candidate (co-plays).
  await as(b, 'POST', '/api/v1/me/player/recently-played', { uri: `runnel:track:${ids.openTrack}` });
  await as(admin, 'POST', '/api/v1/me/player/recently-played', { uri: `runnel:track:${ids.openTrack}` });
  assert.ok((await as(admin, 'POST', '/api/v1/me/shares', { uri, to: [b.me.id] })).statusCode < 300);
  await as(b, 'POST', '/api/v1/me/smart-playlists', { name: 'Everything', definition: { rules: { all: [{ field: 'year', op: 'gt', value: 1900 }] } } });

  // Each folder its own library; B is granted the first only.
  const made = await as(admin, 'POST', '/api/v1/admin/libraries', { name: 'Open', folders: [f1.id], members: [b.me.id] });
  assert.equal(made.statusCode, 201, made.body);
  assert.equal((await as(admin, 'POST', '/api/v1/admin/libraries', { name: 'Hidden', folders: [f2.id] })).statusCode, 201);
});
after(async () => {
  await t.close();
  await Promise.all([open, hidden].map((dir) => rm(dir, { recursive: true, force: true })));
});

/** What of the hidden library an answer names; a refusal may repeat the ids it was asked about ("Item X not found"). */
const leak = (body: string, refused = false, asked = '') => {
  // A page's links repeat the query it answers (`href: …?q=zulu`).
  body = body.replaceAll('q=zulu', '');
  const shown = refused ? asked.split(/[?&=,:]/).reduce((text, part) => (part.length > 8 ? text.replaceAll(part, '') : text), body) : body;
  return secrets.find((secret) => shown.includes(secret));
};

test('every REST GET route, with every hidden id, answers B without a trace of the library B may not reach', async (context) => {
  const walked = new Set<string>();
  let answered = 0;
  let asked = 0;
  const fills = [ids.track, ids.album, ids.artist, ids.image, ids.folder];
  const queries = [
    '',
    `?q=zulu`,
    `?ids=${ids.track}`,
    `?ids=${ids.album}`,
    `?ids=${ids.artist}`,
    `?seed=runnel:track:${ids.track}`,
    `?seed=runnel:artist:${ids.artist}`,
  ];
  for (const route of t.routes) {
    if (!routeMethods(route).includes('GET') || !route.url.startsWith('/api/v1/')) continue;
    walked.add(route.url);
    for (const fill of route.url.includes(':') ? fills : ['']) {
      for (const query of queries) {
        const url = `${concreteUrl(route.url, fill)}${query}`;
        const response = await as(b, 'GET', url);
        asked += 1;
        if (response.statusCode === 200) answered += 1;
        assert.ok(response.statusCode < 500, `${url}: ${response.statusCode}`);
        const shown = leak(response.body, response.statusCode >= 400, url);
        assert.equal(shown, undefined, `${url} (${response.statusCode}) shows ${shown}: ${response.body.slice(0, 300)}`);
      }
    }
  }
  context.diagnostic(`${walked.size} GET routes walked, ${asked} requests, ${answered} answered 200: none names the hidden library`);
  assert.ok(walked.size > 60, `only ${walked.size} routes walked`);
  assert.ok(answered > 100, `only ${answered} answers were 200`);
});

test('B finds, plays and lists the library B may reach; what they may not is 404, not 403', async () => {
  const found = (await as(b, 'GET', '/api/v1/search?q=song')).json();
  assert.deepEqual(
    found.tracks.items.map((i: { id: string }) => i.id),
    [ids.openTrack],
  );
  assert.equal((await as(b, 'GET', `/api/v1/tracks/${ids.openTrack}/stream`)).statusCode, 200);
  for (const url of [
    `/api/v1/tracks/${ids.track}`,
    `/api/v1/tracks/${ids.track}/stream`,
    `/api/v1/albums/${ids.album}`,
    `/api/v1/artists/${ids.artist}`,
    `/api/v1/images/${ids.image}`,
    `/api/v1/radio?seed=runnel:track:${ids.track}`,
  ]) {
    assert.equal((await as(b, 'GET', url)).statusCode, 404, url);
    assert.notEqual((await as(admin, 'GET', url)).statusCode, 404, `${url} for the admin`);
  }
  const radio = (await as(b, 'GET', `/api/v1/radio?seed=runnel:track:${ids.openTrack}&limit=50`)).json();
  assert.ok(radio.tracks.every((track: { id: string }) => track.id !== ids.track));
  const smart = (await as(b, 'GET', '/api/v1/me/playlists')).json().items.find((p: { name: string }) => p.name === 'Everything');
  const items = (await as(b, 'GET', `/api/v1/playlists/${smart.id}/tracks`)).json();
  assert.deepEqual(
    items.items.map((i: { track: { id: string } | null }) => i.track?.id),
    [ids.openTrack],
  );
});

test('B cannot share, nor be sent, what B may not reach', async () => {
  const uri = `runnel:track:${ids.track}`;
  const link = await as(b, 'POST', '/api/v1/me/share-links', { uri });
  assert.equal(link.statusCode, 404, link.body);
  const sent = await as(admin, 'POST', '/api/v1/me/shares', { uri, to: [b.me.id] });
  assert.equal(sent.statusCode, 403);
  assert.equal(sent.json().error.code, 'recipient_cannot_see');
  assert.ok((await as(admin, 'POST', '/api/v1/me/shares', { uri: `runnel:track:${ids.openTrack}`, to: [b.me.id] })).statusCode < 300);
});

test('Subsonic: B sees only B’s music folder, a hidden one is error 70, and no endpoint names the hidden music', async (context) => {
  const auth = { u: b.username, p: b.password, c: 'test', v: '1.16.1', f: 'json' };
  const folders = (await rest(t, 'getMusicFolders', auth)).json as { musicFolders: { musicFolder: { id: number }[] } };
  assert.equal(folders.musicFolders.musicFolder.length, 1);
  const refused = await rest(t, 'getAlbumList2', { ...auth, type: 'newest', musicFolderId: folderNumber(ids.folder) });
  assert.equal(refused.json.error?.code, 70);
  let answered = 0;
  let asked = 0;
  const variants = [ids.track, ids.album, ids.artist, `al-${ids.album}`, `ar-${ids.artist}`].map((id) => ({ id, albumId: id, artistId: id }));
  for (const name of Object.keys(endpoints)) {
    if ('admin' in endpoints[name]! && endpoints[name]!.admin) continue;
    for (const extra of [{}, { query: 'zulu' }, { type: 'random', size: '500' }, { type: 'alphabeticalByName', size: '500' }, ...variants]) {
      const answer = await rest(t, name, { ...auth, ...extra } as Record<string, string>);
      asked += 1;
      if (answer.json.status === 'ok') answered += 1;
      const shown = leak(answer.body, answer.json.status !== 'ok', Object.values(extra).join('&'));
      assert.equal(shown, undefined, `${name} ${JSON.stringify(extra)} shows ${shown}: ${answer.body.slice(0, 300)}`);
    }
  }
  context.diagnostic(`${asked} Subsonic requests, ${answered} answered ok: none names the hidden library`);
  assert.ok(answered > 50, `only ${answered} Subsonic answers were ok`);
});

test('Subsonic: similar and top songs of visible seeds, and text searches in a folder, never reach the hidden music', async () => {
  const auth = (user: TestUser & { username?: string }) => ({ u: user.username ?? user.me.username, p: user.password, c: 'test', v: '1.16.1', f: 'json' });
  const songIds = (answer: Awaited<ReturnType<typeof rest>>, key: string) => {
    assert.equal(answer.json.status, 'ok', JSON.stringify(answer.json.error));
    return ((answer.json[key] as { song?: { id: string }[] } | undefined)?.song ?? []).map((song) => song.id);
  };
  const similar = { id: ids.openTrack, count: 50 };
  assert.ok(songIds(await rest(t, 'getSimilarSongs', { ...auth(admin), ...similar }), 'similarSongs').includes(ids.track), 'the hidden track is a candidate');
  const calls: [string, Record<string, string | number>, string][] = [
    ['getSimilarSongs', similar, 'similarSongs'],
    ['getSimilarSongs', { id: ids.openAlbum, count: 50 }, 'similarSongs'],
    ['getSimilarSongs', { id: ids.openArtist, count: 50 }, 'similarSongs'],
    ['getSimilarSongs2', { id: ids.openArtist, count: 50 }, 'similarSongs2'],
    ['getTopSongs', { artist: 'Alphaband', count: 50 }, 'topSongs'],
    ['search2', { query: 'zulu', musicFolderId: folderNumber(ids.openFolder) }, 'searchResult2'],
    ['search3', { query: 'zulu', musicFolderId: folderNumber(ids.openFolder) }, 'searchResult3'],
  ];
  for (const [name, params, key] of calls) {
    const answer = await rest(t, name, { ...auth(b), ...params });
    assert.ok(!songIds(answer, key).includes(ids.track), `${name} ${JSON.stringify(params)}`);
    assert.equal(leak(answer.body), undefined, `${name} ${JSON.stringify(params)}: ${answer.body.slice(0, 300)}`);
  }
  const found = await rest(t, 'search3', { ...auth(b), query: 'alpha', musicFolderId: folderNumber(ids.openFolder) });
  assert.deepEqual(songIds(found, 'searchResult3'), [ids.openTrack]);
  for (const name of ['search2', 'search3']) {
    const refused = await rest(t, name, { ...auth(b), query: 'zulu', musicFolderId: folderNumber(ids.folder) });
    assert.equal(refused.json.error?.code, 70, name);
    assert.equal(leak(refused.body), undefined, name);
  }
});
