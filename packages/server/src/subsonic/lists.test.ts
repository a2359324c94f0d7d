import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { folderNumber } from './map.ts';
import { caller, failsBoth, okBoth, type Caller } from './testing-calls.ts';
import { asUser, rest, subsonicFixture, type SubsonicFixture } from './testing.ts';

interface Album {
  id: string;
  name: string;
  title?: string;
  isDir?: boolean;
  starred?: string;
  year?: number;
}
interface Song {
  id: string;
  title: string;
  year?: number;
  genre?: string;
}

describe('subsonic: album lists, random songs, songs by genre', () => {
  let fx: SubsonicFixture;
  let me: Caller;
  let folder: number;
  const list2 = async (params: Record<string, string | number>) =>
    ((await okBoth(fx.app, me, 'getAlbumList2', params)).json.albumList2 as { album?: Album[] }).album ?? [];
  const names2 = async (params: Record<string, string | number>) => (await list2(params)).map((a) => a.name);
  const songs = async (name: string, element: string, params: Record<string, string | number>) =>
    ((await okBoth(fx.app, me, name, params)).json[element] as { song?: Song[] }).song ?? [];
  const albumIdOf = async (name: string) => (await list2({ type: 'alphabeticalByName', size: 500 })).find((a) => a.name === name)!.id;

  before(async () => {
    fx = await subsonicFixture();
    me = caller(fx.user);
    folder = folderNumber((await fx.app.library.folders())[0]!.id);
  });
  after(() => fx.close());

  test('alphabetical by name and by artist, with size and offset', async () => {
    assert.deepEqual(await names2({ type: 'alphabeticalByName', size: 500 }), [
      'Body Talk',
      'Made of Bricks',
      'My Best Friend Is You',
      'Teen Dream',
      'Various Hits',
      '夜の歌',
    ]);
    assert.deepEqual(await names2({ type: 'alphabeticalByName', size: 2, offset: 1 }), ['Made of Bricks', 'My Best Friend Is You']);
    assert.deepEqual(await names2({ type: 'alphabeticalByArtist', size: 500 }), [
      'Teen Dream',
      'Made of Bricks',
      'My Best Friend Is You',
      'Body Talk',
      'Various Hits',
      '夜の歌',
    ]);
    assert.equal((await names2({ type: 'alphabeticalByName' })).length, 6, 'size defaults to 10');
    assert.deepEqual(await names2({ type: 'alphabeticalByName', offset: 6 }), []);
    assert.deepEqual(await names2({ type: 'alphabeticalByName', size: 2, musicFolderId: folder }), ['Body Talk', 'Made of Bricks']);
  });

  test('getAlbumList gives the same albums as directories', async () => {
    const { json, xml } = await okBoth(fx.app, me, 'getAlbumList', { type: 'alphabeticalByName', size: 2 });
    const albums = (json.albumList as { album: Album[] }).album;
    assert.deepEqual(
      albums.map((a) => [a.title, a.isDir]),
      [
        ['Body Talk', true],
        ['Made of Bricks', true],
      ],
    );
    assert.match(xml, /<album id="[^"]+" parent="[^"]+" isDir="true" title="Body Talk"/);
  });

  test('newest: every album once across pages', async () => {
    const pages = [...(await names2({ type: 'newest', size: 4 })), ...(await names2({ type: 'newest', size: 4, offset: 4 }))];
    assert.deepEqual(pages.sort(), ['Body Talk', 'Made of Bricks', 'My Best Friend Is You', 'Teen Dream', 'Various Hits', '夜の歌']);
  });

  test('byYear, also with a reversed range (newest first); byGenre', async () => {
    assert.deepEqual(await names2({ type: 'byYear', fromYear: 2009, toYear: 2010 }), ['夜の歌', 'Body Talk', 'My Best Friend Is You', 'Teen Dream']);
    assert.deepEqual(await names2({ type: 'byYear', fromYear: 2011, toYear: 2007 }), [
      'Various Hits',
      'Body Talk',
      'My Best Friend Is You',
      'Teen Dream',
      '夜の歌',
      'Made of Bricks',
    ]);
    assert.deepEqual(await names2({ type: 'byYear', fromYear: 1990, toYear: 1995 }), []);
    assert.deepEqual(await names2({ type: 'byGenre', genre: 'Pop' }), ['Made of Bricks', 'My Best Friend Is You', 'Various Hits']);
    assert.deepEqual(await names2({ type: 'byGenre', genre: 'Pop', offset: 1, size: 1 }), ['My Best Friend Is You']);
    assert.deepEqual(await names2({ type: 'byGenre', genre: 'Polka' }), []);
  });

  test('random: distinct albums; sizes past 500 are clamped to 500', async () => {
    const three = await names2({ type: 'random', size: 3 });
    assert.equal(new Set(three).size, 3);
    assert.equal((await names2({ type: 'random', size: 1000 })).length, 6);
  });

  test('starred: the caller’s starred albums, newest first; frequent and recent: from their plays; highest: none rated', async () => {
    const teen = await albumIdOf('Teen Dream');
    const robyn = await albumIdOf('Body Talk');
    await fx.app.collection.save(fx.user.me.id, 'album', [teen]);
    fx.app.clock.advance(5);
    await fx.app.collection.save(fx.user.me.id, 'album', [robyn]);
    const starred = await list2({ type: 'starred' });
    assert.deepEqual(
      starred.map((a) => a.name),
      ['Body Talk', 'Teen Dream'],
    );
    assert.ok(starred.every((a) => a.starred));
    assert.deepEqual(await names2({ type: 'starred', size: 1, offset: 1 }), ['Teen Dream']);
    assert.deepEqual(await names2({ type: 'starred', musicFolderId: folder }), ['Body Talk', 'Teen Dream']);

    assert.deepEqual(await names2({ type: 'frequent' }), []);
    const trackOf = async (albumId: string) => ((await okBoth(fx.app, me, 'getAlbum', { id: albumId })).json.album as { song: Song[] }).song[0]!.id;
    const play = (id: string, at: number) => fx.app.player.played(fx.user.me.id, { uri: `runnel:track:${id}`, played_at: at });
    await play(await trackOf(teen), 1000);
    await play(await trackOf(teen), 2000);
    await play(await trackOf(robyn), 3000);
    assert.deepEqual(await names2({ type: 'frequent' }), ['Teen Dream', 'Body Talk']);
    assert.deepEqual(await names2({ type: 'recent' }), ['Body Talk', 'Teen Dream']);
    assert.deepEqual(await names2({ type: 'recent', size: 1, offset: 1 }), ['Teen Dream']);
    assert.deepEqual(await names2({ type: 'highest' }), []);
    // Another user's stars and plays are theirs.
    for (const type of ['starred', 'frequent', 'recent']) {
      assert.deepEqual((await rest(fx.app, 'getAlbumList2', { ...asUser(fx.admin), type })).json.albumList2, {}, type);
    }
  });

  test('frequent and recent read the kept counts: most played (ties by last play), last played; a late scrobble is not recent', async () => {
    const listener = await fx.app.makeUser();
    const as = caller(listener);
    const names = async (type: string) =>
      ((await okBoth(fx.app, as, 'getAlbumList2', { type })).json.albumList2 as { album?: Album[] }).album?.map((a) => a.name) ?? [];
    const trackOf = async (name: string) => ((await okBoth(fx.app, as, 'getAlbum', { id: await albumIdOf(name) })).json.album as { song: Song[] }).song[0]!.id;
    const play = async (name: string, at: number) => fx.app.player.played(listener.me.id, { uri: `runnel:track:${await trackOf(name)}`, played_at: at });
    const day = 86_400_000;
    await play('Made of Bricks', 10 * day);
    await play('Made of Bricks', 11 * day);
    await play('Teen Dream', 12 * day);
    await play('Body Talk', 13 * day);
    await play('Teen Dream', 20 * day);
    // Sent late: an older play of Made of Bricks counts, but is not its last play.
    await play('Made of Bricks', 5 * day);
    assert.deepEqual(await names('frequent'), ['Made of Bricks', 'Teen Dream', 'Body Talk']);
    assert.deepEqual(await names('recent'), ['Teen Dream', 'Body Talk', 'Made of Bricks']);
    await play('Body Talk', 30 * day);
    await play('Body Talk', 31 * day);
    assert.deepEqual(await names('frequent'), ['Body Talk', 'Made of Bricks', 'Teen Dream'], 'three plays each: the last played first');
    assert.deepEqual(await names('recent'), ['Body Talk', 'Teen Dream', 'Made of Bricks']);
    // Neither list groups the play history: without it they stand as they were.
    await fx.app.database.db.deleteFrom('play_history').where('user_id', '=', listener.me.id).execute();
    assert.deepEqual(await names('frequent'), ['Body Talk', 'Made of Bricks', 'Teen Dream']);
    assert.deepEqual(await names('recent'), ['Body Talk', 'Teen Dream', 'Made of Bricks']);
  });

  test('album list errors: type and its parameters are required (10), an unknown type is 0, an unknown folder 70', async () => {
    await failsBoth(fx.app, me, 'getAlbumList2', {}, 10);
    await failsBoth(fx.app, me, 'getAlbumList', {}, 10);
    await failsBoth(fx.app, me, 'getAlbumList2', { type: 'bestOf' }, 0);
    await failsBoth(fx.app, me, 'getAlbumList2', { type: 'byYear', fromYear: 2000 }, 10);
    await failsBoth(fx.app, me, 'getAlbumList2', { type: 'byGenre' }, 10);
    await failsBoth(fx.app, me, 'getAlbumList2', { type: 'newest', size: -1 }, 0);
    await failsBoth(fx.app, me, 'getAlbumList2', { type: 'newest', musicFolderId: folder + 1 }, 70);
  });

  test('getRandomSongs: size, genre, year range', async () => {
    const three = await songs('getRandomSongs', 'randomSongs', { size: 3 });
    assert.equal(new Set(three.map((s) => s.id)).size, 3);
    assert.equal((await songs('getRandomSongs', 'randomSongs', {})).length, 9, 'size defaults to 10');
    assert.equal((await songs('getRandomSongs', 'randomSongs', { size: 5000 })).length, 9);
    assert.deepEqual((await songs('getRandomSongs', 'randomSongs', { genre: 'Pop', size: 50 })).map((s) => s.title).sort(), [
      'Do-Wah-Doo',
      'Foundations',
      'Mouthwash',
      'fin låt',
    ]);
    assert.deepEqual((await songs('getRandomSongs', 'randomSongs', { fromYear: 2011, toYear: 2011 })).map((s) => s.title).sort(), ['Techno Train', 'fin låt']);
    assert.deepEqual((await songs('getRandomSongs', 'randomSongs', { genre: 'Pop', fromYear: 2008, musicFolderId: folder })).map((s) => s.title).sort(), [
      'Do-Wah-Doo',
      'fin låt',
    ]);
    assert.deepEqual(await songs('getRandomSongs', 'randomSongs', { genre: 'Polka' }), []);
    await failsBoth(fx.app, me, 'getRandomSongs', { musicFolderId: folder + 1 }, 70);
  });

  test('getSongsByGenre: paged with count and offset, every song once', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 10; offset += 2)
      seen.push(...(await songs('getSongsByGenre', 'songsByGenre', { genre: 'pop', count: 2, offset })).map((s) => s.title));
    assert.deepEqual(seen.sort(), ['Do-Wah-Doo', 'Foundations', 'Mouthwash', 'fin låt']);
    assert.equal((await songs('getSongsByGenre', 'songsByGenre', { genre: 'Pop' })).length, 4);
    assert.deepEqual(await songs('getSongsByGenre', 'songsByGenre', { genre: 'Polka' }), []);
    await failsBoth(fx.app, me, 'getSongsByGenre', {}, 10);
  });
});
