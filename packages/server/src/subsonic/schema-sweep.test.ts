import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { endpoints } from './endpoints/index.ts';
import { assertValidJson, assertValidXml, parseXml, validCall } from './schema.ts';
import { asUser, rest, subsonicFixture, type SubsonicFixture } from './testing.ts';
import { listenLocally } from '../testing/app.ts';
import { testDevice, type TestDevice } from '../testing/test-device.ts';

/**
 * Issue 8, acceptance 1, in one place: every endpoint Runnel offers is called with real
 * parameters, in XML and in JSON, and both answers are checked against the strict 1.16.1
 * XSD and the OpenSubsonic-relaxed one (schema.ts). The few answers 1.16.1 has no element
 * for (OpenSubsonic's own) are checked against OpenSubsonic's documented shape instead;
 * media endpoints send bytes, and their error envelopes are checked.
 */
let fx: SubsonicFixture;
let box: TestDevice;
before(async () => {
  fx = await subsonicFixture();
  // The jukebox drives a device of the user's: one on the live channel, as a box is.
  box = await testDevice(await listenLocally(fx.app), fx.user.token, 'sweep-box', 'Sweep', 'box');
});
after(async () => {
  box.close();
  await fx.close();
});

type Params = Record<string, string | number | (string | number)[]>;

/** Elements OpenSubsonic added that no 1.16.1 schema has a place for: their JSON shape is checked here. */
const OPENSUBSONIC_ONLY: Record<string, (body: Record<string, unknown>) => void> = {
  getOpenSubsonicExtensions: (body) => {
    const list = body.openSubsonicExtensions as { name: string; versions: number[] }[];
    assert.ok(list.length >= 1);
    for (const e of list) assert.ok(typeof e.name === 'string' && e.versions.every((v) => Number.isInteger(v)));
  },
  tokenInfo: (body) => assert.equal(typeof (body.tokenInfo as { username: string }).username, 'string'),
  getLyricsBySongId: (body) => {
    const lyrics = (
      body.lyricsList as {
        structuredLyrics: { displayArtist: string; displayTitle: string; lang: string; synced: boolean; line: { value: string; start?: number }[] }[];
      }
    ).structuredLyrics;
    assert.equal(lyrics.length, 1);
    assert.equal(lyrics[0]!.synced, false);
    assert.equal(typeof lyrics[0]!.lang, 'string');
    assert.deepEqual(
      lyrics[0]!.line.map((l) => l.value),
      ['Do wah doo', 'wah doo'],
    );
  },
};

/** Answers with bytes, not an envelope. */
const MEDIA: Record<string, RegExp> = { stream: /^audio\//, download: /^audio\//, getCoverArt: /^image\// };

test('every endpoint, in XML and JSON, is valid against both schemas', async () => {
  const me = asUser(fx.user);
  const admin = asUser(fx.admin);
  const json = async (name: string, params: Params = {}, who = me) => {
    const r = await rest(fx.app, name, { ...who, ...params });
    assert.equal(r.json.status, 'ok', `${name}: ${r.body.slice(0, 300)}`);
    return r.json;
  };
  // Ids to call with, found the way an app finds them.
  const search = (await json('search3', { query: 'Do-Wah-Doo' })).searchResult3 as { song: { id: string; albumId: string; artistId: string }[] };
  const song = search.song[0]!;
  const withCover = ((await json('search3', { query: 'Foundations' })).searchResult3 as { song: { coverArt: string }[] }).song[0]!.coverArt;
  const folders = (await json('getMusicFolders')).musicFolders as { musicFolder: { id: number }[] };
  const index = (await json('getIndexes')).indexes as { index: { artist: { id: string }[] }[] };
  const directory = index.index[0]!.artist[0]!.id;
  const created = (await json('createPlaylist', { name: 'Sweep', songId: [song.id] })).playlist as { id: string } | undefined;
  const playlistId = created?.id ?? ((await json('getPlaylists')).playlists as { playlist: { id: string }[] }).playlist[0]!.id;
  const scratch = (await json('createPlaylist', { name: 'To delete' })).playlist as { id: string };
  const newShare = async () => ((await json('createShare', { id: song.id })).shares as { share: { id: string }[] }).share[0]!.id;
  const shareId = await newShare();

  const calls: [string, Params, typeof me?][] = [
    ['ping', {}],
    ['getOpenSubsonicExtensions', {}],
    ['getLicense', {}],
    ['tokenInfo', {}],
    ['getMusicFolders', {}],
    ['getIndexes', { musicFolderId: folders.musicFolder[0]!.id }],
    ['getMusicDirectory', { id: directory }],
    ['getArtists', {}],
    ['getArtist', { id: song.artistId }],
    ['getAlbum', { id: song.albumId }],
    ['getSong', { id: song.id }],
    ['getGenres', {}],
    ['getArtistInfo2', { id: song.artistId }],
    ['getArtistInfo', { id: song.artistId }],
    ['getAlbumInfo2', { id: song.albumId }],
    ['getAlbumInfo', { id: song.albumId }],
    ['getSimilarSongs2', { id: song.artistId }],
    ['getSimilarSongs', { id: song.id }],
    ['getTopSongs', { artist: 'Kate Nash' }],
    ['getAlbumList', { type: 'alphabeticalByName', size: 500 }],
    ['getAlbumList2', { type: 'byYear', fromYear: 2011, toYear: 2000 }],
    ['getRandomSongs', { size: 5 }],
    ['getSongsByGenre', { genre: 'Pop', count: 500 }],
    ['search2', { query: 'kate' }],
    ['search3', { query: '""', songCount: 500 }],
    ['star', { id: song.id, albumId: song.albumId, artistId: song.artistId }],
    ['setRating', { id: song.id, rating: 4 }],
    ['scrobble', { id: song.id, submission: 'false' }],
    ['scrobble', { id: song.id }],
    ['getNowPlaying', {}],
    ['getStarred', {}],
    ['getStarred2', {}],
    ['unstar', { id: song.id }],
    ['getPlaylists', {}],
    ['getPlaylist', { id: playlistId }],
    ['updatePlaylist', { playlistId, name: 'Sweep 2', songIdToAdd: song.id, songIndexToRemove: 0 }],
    ['createPlaylist', { name: 'Another', songId: [song.id, song.id] }],
    ['deletePlaylist', { id: scratch.id }],
    ['savePlayQueue', { id: [song.id, search.song[0]!.id], current: song.id, position: 1500 }],
    ['getPlayQueue', {}],
    ['jukeboxControl', { action: 'set', id: [song.id, search.song[0]!.id] }],
    ['jukeboxControl', { action: 'get' }],
    ['getLyricsBySongId', { id: song.id }],
    ['getLyrics', { artist: 'Kate Nash', title: 'Do-Wah-Doo' }],
    ['getUser', { username: fx.user.username }],
    ['getUsers', {}, admin],
    ['getScanStatus', {}],
    ['startScan', {}, admin],
    ['stream', { id: song.id }],
    ['download', { id: song.id }, admin],
    ['getCoverArt', { id: withCover, size: 32 }],
    ['createShare', { id: [song.id, search.song[0]!.id], description: 'Sweep', expires: Date.now() + 3_600_000 }],
    ['createShare', { id: song.albumId }],
    ['updateShare', { id: shareId, description: 'Swept', expires: 0 }],
    ['getShares', {}],
    ['deleteShare', { id: shareId }],
    // Last: the user's password changes.
    ['changePassword', { username: fx.user.username, password: 'a-new-one-123' }, admin],
  ];
  const covered = new Set<string>();
  let postedOk = 0;
  for (const [name, params, who] of calls) {
    const credentials = who ?? (name === 'changePassword' ? admin : me);
    const { f: _f, ...auth } = credentials;
    covered.add(name);
    if (MEDIA[name]) {
      const bytes = await fx.app.http.inject({
        method: 'GET',
        url: `/rest/${name}?${new URLSearchParams(Object.entries({ ...auth, ...params }).map(([k, v]) => [k, String(v)]))}`,
      });
      assert.equal(bytes.statusCode, 200, name);
      assert.match(String(bytes.headers['content-type']), MEDIA[name]!, name);
      // Its failure is an envelope, valid like any other.
      await validCall(fx.app, name, { ...auth, id: 'no-such-id' });
      continue;
    }
    if (OPENSUBSONIC_ONLY[name]) {
      const xml = await rest(fx.app, name, { ...auth, ...params });
      assert.match(xml.body, /status="ok"/, `${name}: ${xml.body.slice(0, 300)}`);
      parseXml(xml.body);
      const body = await json(name, params, credentials);
      OPENSUBSONIC_ONLY[name]!(body);
      continue;
    }
    if (name === 'deletePlaylist' || name === 'deleteShare') {
      // Not repeatable: the XML call and the JSON call each delete one of their own.
      const xml = await rest(fx.app, name, { ...auth, ...params });
      assertValidXml(xml.body, name);
      assert.match(xml.body, /status="ok"/);
      const otherId = name === 'deleteShare' ? await newShare() : ((await json('createPlaylist', { name: 'To delete too' })).playlist as { id: string }).id;
      const answer = await rest(fx.app, name, { ...auth, id: otherId, f: 'json' });
      assertValidJson(JSON.parse(answer.body), name);
      assert.equal(answer.json.status, 'ok');
      continue;
    }
    if (name === 'getPlayQueue') {
      // OpenSubsonic made `current` a song id (a string); 1.16.1 typed it xs:int. Everything else is checked.
      const xml = await rest(fx.app, name, { ...auth, ...params });
      assertValidXml(xml.body.replace(/ current="[^"]*"/, ''), name);
      const body = JSON.parse((await rest(fx.app, name, { ...auth, ...params, f: 'json' })).body) as {
        'subsonic-response': { playQueue: { current?: string } };
      };
      assert.equal(body['subsonic-response'].playQueue.current, song.id);
      delete body['subsonic-response'].playQueue.current;
      assertValidJson(body, name);
      continue;
    }
    const { xml, json: answer } = await validCall(fx.app, name, { ...auth, ...params });
    assert.match(xml.body, /status="ok"/, `${name} (XML): ${xml.body.slice(0, 300)}`);
    assert.equal(answer.json.status, 'ok', `${name} (JSON): ${answer.body.slice(0, 300)}`);
    // formPost is advertised: the same call as a form POST to NAME.view answers the same way.
    const posted = await rest(fx.app, name, { ...auth, ...params, f: 'json' }, { post: true, view: true });
    assert.equal(posted.json.status, 'ok', `${name} (form POST): ${posted.body.slice(0, 300)}`);
    postedOk += 1;
  }
  const missing = Object.keys(endpoints).filter((name) => !covered.has(name));
  assert.deepEqual(missing, [], 'every endpoint is in the sweep');
  console.log(`# ${covered.size} endpoints, each in XML and JSON, valid against both schemas; ${postedOk} also as form POST`);
});
