import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { folderNumber } from './map.ts';
import { caller, fails, failsBoth, ok, okBoth, okXml, trackIds, type Caller } from './testing-calls.ts';
import { subsonicFixture, type SubsonicFixture } from './testing.ts';

interface Song {
  id: string;
  title: string;
  albumId: string;
  artistId: string;
  starred?: string;
  userRating?: number;
  playCount?: number;
}
interface Starred2 {
  artist?: { id: string; name: string; starred: string }[];
  album?: { id: string; name: string; starred: string }[];
  song?: Song[];
}

describe('subsonic: stars, ratings, scrobbles, now playing', () => {
  let fx: SubsonicFixture;
  let ids: Map<string, string>;
  let me: Caller;
  const id = (title: string) => ids.get(title)!;
  const starred2 = async () => (await ok(fx.app, me, 'getStarred2')).starred2 as Starred2;
  /** A song as the API shows it to the caller (from a scratch playlist). */
  const song = async (title: string): Promise<Song> =>
    ((await ok(fx.app, me, 'createPlaylist', { name: 'probe', songId: id(title) })).playlist as { entry: Song[] }).entry[0]!;

  before(async () => {
    fx = await subsonicFixture();
    ids = await trackIds(fx.app);
    me = caller(fx.user);
  });
  after(() => fx.close());

  test('star a song, an album and an artist → getStarred2 and getStarred (JSON and XML) and the native collection → unstar', async () => {
    const zebra = await song('Zebra');
    await ok(fx.app, me, 'star', { id: zebra.id, albumId: zebra.albumId, artistId: zebra.artistId });
    const all = await starred2();
    assert.deepEqual(
      all.song?.map((s) => s.title),
      ['Zebra'],
    );
    assert.match(all.song![0]!.starred!, /^\d{4}-/);
    assert.deepEqual(
      all.album?.map((a) => a.name),
      ['Teen Dream'],
    );
    assert.deepEqual(
      all.artist?.map((a) => a.name),
      ['Beach House'],
    );
    const v1 = (await ok(fx.app, me, 'getStarred')).starred as { album: { isDir: boolean; title: string }[]; artist: { name: string }[] };
    assert.deepEqual(
      v1.album.map((a) => [a.isDir, a.title]),
      [[true, 'Teen Dream']],
    );
    assert.deepEqual(
      v1.artist.map((a) => a.name),
      ['Beach House'],
    );
    await okXml(fx.app, me, 'getStarred2');
    await okXml(fx.app, me, 'getStarred');

    const native = (path: string) => fx.app.http.inject({ method: 'GET', url: path, headers: fx.user.auth }).then((r) => r.json());
    assert.equal((await native('/api/v1/me/starred')).tracks.items[0].track.id, zebra.id, 'a starred song is in Starred');
    assert.equal((await native('/api/v1/me/albums')).items[0].album.id, zebra.albumId, 'a starred album is saved');
    assert.equal((await native('/api/v1/me/following?type=artist')).artists.items[0].id, zebra.artistId, 'a starred artist is followed');

    await okXml(fx.app, me, 'unstar', { id: zebra.id });
    await ok(fx.app, me, 'unstar', { albumId: zebra.albumId, artistId: zebra.artistId });
    assert.deepEqual(await starred2(), {});
  });

  test('star by bare ids of any kind (repeatable); unknown ids are 70; a missing id is 10', async () => {
    const norway = await song('Norway');
    await okXml(fx.app, me, 'star', { id: [norway.id, norway.albumId] });
    const all = await starred2();
    assert.deepEqual(
      all.song?.map((s) => s.title),
      ['Norway'],
    );
    assert.deepEqual(
      all.album?.map((a) => a.id),
      [norway.albumId],
    );
    await fails(fx.app, me, 'star', { id: 'nosuchthing' }, 70);
    await fails(fx.app, me, 'star', {}, 10);
    await ok(fx.app, me, 'unstar', { id: [norway.id, norway.albumId, 'gone-from-the-catalogue'] });
    assert.deepEqual(await starred2(), {});
  });

  test('setRating 1–5 shows as userRating; 0 removes it; other values are refused', async () => {
    const robyn = await song('Dancing On My Own');
    await okXml(fx.app, me, 'setRating', { id: robyn.id, rating: 4 });
    assert.equal((await song('Dancing On My Own')).userRating, 4);
    await ok(fx.app, me, 'setRating', { id: robyn.albumId, rating: 2 });
    await ok(fx.app, me, 'setRating', { id: robyn.id, rating: 0 });
    assert.equal((await song('Dancing On My Own')).userRating, undefined);
    await fails(fx.app, me, 'setRating', { id: robyn.id, rating: 6 }, 0);
    await fails(fx.app, me, 'setRating', { id: 'nosuch', rating: 3 }, 70);
    await fails(fx.app, me, 'setRating', { id: robyn.id }, 10);
  });

  test('album and artist ratings show as userRating wherever the schemas allow it, valid in JSON and XML', async () => {
    const zebra = await song('Zebra');
    const album = zebra.albumId;
    const artist = zebra.artistId;
    await ok(fx.app, me, 'setRating', { id: album, rating: 4 });
    await ok(fx.app, me, 'setRating', { id: artist, rating: 5 });
    await ok(fx.app, me, 'star', { albumId: album, artistId: artist });
    type Rated = { id: string; userRating?: number };
    const rated = (list: Rated[] | undefined, itemId: string) => list?.find((x) => x.id === itemId)?.userRating;

    // OpenSubsonic's AlbumID3 and ArtistID3 (the strict check removes the attribute, as an addition).
    assert.equal(((await ok(fx.app, me, 'getAlbum', { id: album })).album as Rated).userRating, 4);
    assert.match(await okXml(fx.app, me, 'getAlbum', { id: album }), new RegExp(`<album [^>]*id="${album}"[^>]*userRating="4"`));
    assert.equal(((await ok(fx.app, me, 'getArtist', { id: artist })).artist as Rated).userRating, 5);
    await okXml(fx.app, me, 'getArtist', { id: artist });
    const list2 = (await ok(fx.app, me, 'getAlbumList2', { type: 'alphabeticalByName', size: 50 })).albumList2 as { album: Rated[] };
    assert.equal(rated(list2.album, album), 4);
    assert.ok(
      list2.album.some((a) => a.userRating === undefined),
      'unrated albums have no userRating',
    );
    const artists = (await ok(fx.app, me, 'getArtists')).artists as { index: { artist: Rated[] }[] };
    assert.equal(
      rated(
        artists.index.flatMap((i) => i.artist),
        artist,
      ),
      5,
    );
    await okXml(fx.app, me, 'getArtists');
    const starred = (await ok(fx.app, me, 'getStarred2')).starred2 as { album: Rated[]; artist: Rated[] };
    assert.deepEqual([rated(starred.album, album), rated(starred.artist, artist)], [4, 5]);
    await okXml(fx.app, me, 'getStarred2');

    // Subsonic 1.16.1's own places: a directory, an album as a child, an artist as an index entry.
    assert.equal(((await ok(fx.app, me, 'getMusicDirectory', { id: album })).directory as Rated).userRating, 4);
    assert.match(await okXml(fx.app, me, 'getMusicDirectory', { id: artist }), /<directory [^>]*userRating="5"/);
    assert.equal(rated(((await ok(fx.app, me, 'getAlbumList', { type: 'alphabeticalByName', size: 50 })).albumList as { album: Rated[] }).album, album), 4);
    await okXml(fx.app, me, 'getAlbumList', { type: 'alphabeticalByName', size: 50 });
    const v1 = (await ok(fx.app, me, 'getStarred')).starred as { album: Rated[]; artist: Rated[] };
    assert.deepEqual([rated(v1.album, album), rated(v1.artist, artist)], [4, 5]);
    await okXml(fx.app, me, 'getStarred');
    const found = (await ok(fx.app, me, 'search2', { query: 'Beach House' })).searchResult2 as { artist: Rated[] };
    assert.equal(rated(found.artist, artist), 5);
    await okXml(fx.app, me, 'search2', { query: 'Beach House' });

    await ok(fx.app, me, 'setRating', { id: album, rating: 0 });
    await ok(fx.app, me, 'setRating', { id: artist, rating: 0 });
    await ok(fx.app, me, 'unstar', { albumId: album, artistId: artist });
    assert.equal(((await ok(fx.app, me, 'getAlbum', { id: album })).album as Rated).userRating, undefined);
  });

  test('scrobble: submission=false is now playing (getNowPlaying, JSON and XML); true records plays', async () => {
    const train = await song('Techno Train');
    await ok(fx.app, me, 'scrobble', { id: train.id, submission: false, c: 'Car stereo' });
    const playing = (await ok(fx.app, caller(fx.admin), 'getNowPlaying')).nowPlaying as {
      entry: (Song & { username: string; minutesAgo: number; playerId: number; playerName: string })[];
    };
    const entry = playing.entry.find((e) => e.username === fx.user.username)!;
    assert.equal(entry.title, 'Techno Train');
    assert.equal(entry.playerName, 'Car stereo');
    assert.equal(entry.minutesAgo, 0);
    assert.ok(Number.isInteger(entry.playerId));
    await okXml(fx.app, me, 'getNowPlaying');

    const before = train.playCount ?? 0;
    await okXml(fx.app, me, 'scrobble', { id: train.id });
    await ok(fx.app, me, 'scrobble', { id: [train.id, id('Zebra')], time: [Date.now() - 60_000, Date.now()] });
    assert.equal((await song('Techno Train')).playCount, before + 2);
    const recent = (await fx.app.http.inject({ method: 'GET', url: '/api/v1/me/player/recently-played?limit=1', headers: fx.user.auth })).json();
    assert.equal(recent.items[0].track.id, id('Zebra'));
    await fails(fx.app, me, 'scrobble', { id: 'nosuch' }, 70);
  });

  test('getNowPlaying leaves out who turned off "Share what I listen to", except to themselves', async () => {
    const entries = async (who: Caller) => ((await ok(fx.app, who, 'getNowPlaying')).nowPlaying as { entry?: { username: string }[] }).entry ?? [];
    await ok(fx.app, me, 'scrobble', { id: id('Zebra'), submission: false, c: 'Phone' });
    const quiet = await fx.app.http.inject({ method: 'PUT', url: '/api/v1/me/social-settings', headers: fx.user.auth, payload: { share_listening: false } });
    assert.equal(quiet.statusCode, 200);
    assert.ok(!(await entries(caller(fx.admin))).some((e) => e.username === fx.user.username), 'a private listener is hidden from others');
    assert.ok(
      (await entries(me)).some((e) => e.username === fx.user.username),
      'and still sees their own',
    );
    await fx.app.http.inject({ method: 'PUT', url: '/api/v1/me/social-settings', headers: fx.user.auth, payload: { share_listening: true } });
    assert.ok((await entries(caller(fx.admin))).some((e) => e.username === fx.user.username));
  });
});

describe('subsonic: getStarred and getStarred2 in one music folder', () => {
  let fx: SubsonicFixture;
  let me: Caller;

  before(async () => {
    fx = await subsonicFixture(
      [{ title: 'Near', artist: 'Near Band', album: 'Near Album', track: 1 }],
      [[{ title: 'Far', artist: 'Far Band', album: 'Far Album', track: 1 }]],
    );
    me = caller(fx.user);
  });
  after(() => fx.close());

  test("musicFolderId keeps the stars of that folder's music; an unknown folder is 70", async () => {
    for (const title of ['Near', 'Far']) {
      const found = (await ok(fx.app, me, 'search3', { query: title })).searchResult3 as { song: Song[] };
      const { id, albumId, artistId } = found.song[0]!;
      await ok(fx.app, me, 'star', { id, albumId, artistId });
    }
    const names = (found: Starred2) => [
      found.artist?.map((a) => a.name).sort(),
      found.album?.map((a) => a.name).sort(),
      found.song?.map((s) => s.title).sort(),
    ];
    const [first, second] = fx.folders.map(folderNumber) as [number, number];
    assert.deepEqual(names((await ok(fx.app, me, 'getStarred2')).starred2 as Starred2), [
      ['Far Band', 'Near Band'],
      ['Far Album', 'Near Album'],
      ['Far', 'Near'],
    ]);
    const far = (await okBoth(fx.app, me, 'getStarred2', { musicFolderId: second })).json.starred2 as Starred2;
    assert.deepEqual(names(far), [['Far Band'], ['Far Album'], ['Far']]);
    const near = (await okBoth(fx.app, me, 'getStarred', { musicFolderId: first })).json.starred as {
      artist: { name: string }[];
      album: { title: string }[];
      song: Song[];
    };
    assert.deepEqual(
      [near.artist.map((a) => a.name), near.album.map((a) => a.title), near.song.map((s) => s.title)],
      [['Near Band'], ['Near Album'], ['Near']],
    );
    await failsBoth(fx.app, me, 'getStarred2', { musicFolderId: first + second }, 70);
    await failsBoth(fx.app, me, 'getStarred', { musicFolderId: first + second }, 70);
  });
});
