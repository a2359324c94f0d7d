import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { directoryId, folderNumber } from './map.ts';
import { caller, failsBoth, okBoth, type Caller } from './testing-calls.ts';
import { subsonicFixture, type SubsonicFixture } from './testing.ts';

interface Child {
  id: string;
  parent?: string;
  isDir: boolean;
  title: string;
  coverArt?: string;
  path?: string;
  suffix?: string;
  discNumber?: number;
  track?: number;
  album?: string;
  artist?: string;
}
interface Named {
  id: string;
  name: string;
  albumCount?: number;
  coverArt?: string;
  isCompilation?: boolean;
  songCount?: number;
  starred?: string;
}
interface Index<T> {
  name: string;
  artist: T[];
}

describe('subsonic: browsing', () => {
  let fx: SubsonicFixture;
  let me: Caller;
  let folderId: string;
  const titles = (children: Child[] | undefined) => (children ?? []).map((c) => c.title);
  const directory = async (id: string) =>
    (await okBoth(fx.app, me, 'getMusicDirectory', { id })).json.directory as Named & { parent?: string; child?: Child[] };
  const albumId = async (name: string) => {
    const artists = (await okBoth(fx.app, me, 'getArtists')).json.artists as { index: Index<Named>[] };
    for (const a of artists.index.flatMap((i) => i.artist)) {
      const found = ((await okBoth(fx.app, me, 'getArtist', { id: a.id })).json.artist as { album: Named[] }).album.find((x) => x.name === name);
      if (found) return found.id;
    }
    throw new Error(`no album ${name}`);
  };

  before(async () => {
    fx = await subsonicFixture();
    me = caller(fx.user);
    folderId = (await fx.app.library.folders())[0]!.id;
  });
  after(() => fx.close());

  test('getMusicFolders: numeric ids, named after the folder', async () => {
    const { json, xml } = await okBoth(fx.app, me, 'getMusicFolders');
    assert.deepEqual(json.musicFolders, { musicFolder: [{ id: folderNumber(folderId), name: basename(fx.music) }] });
    assert.match(xml, /<musicFolder id="\d+" name="[^"]+"\/>/);
  });

  test('getIndexes: top-level directories by letter, ignoredArticles, lastModified and ifModifiedSince', async () => {
    const { json } = await okBoth(fx.app, me, 'getIndexes');
    const indexes = json.indexes as { lastModified: number; ignoredArticles: string; index: Index<Named>[]; child?: Child[] };
    assert.equal(indexes.ignoredArticles, 'The');
    assert.ok(indexes.lastModified > Date.now() - 3_600_000 && indexes.lastModified <= Date.now());
    assert.deepEqual(
      indexes.index.map((i) => [i.name, i.artist.map((a) => a.name)]),
      [
        ['B', ['Beach House']],
        ['K', ['Kate Nash']],
        ['R', ['Robyn']],
        ['V', ['Various Artists']],
        ['#', ['日本語アーティスト']],
      ],
    );
    assert.equal(indexes.index[1]!.artist[0]!.id, directoryId(folderId, 'Kate Nash'));
    assert.equal(indexes.child, undefined, 'no songs lie at the folder root');
    const same = (await okBoth(fx.app, me, 'getIndexes', { musicFolderId: folderNumber(folderId) })).json.indexes as typeof indexes;
    assert.deepEqual(same, indexes);
    const unchanged = (await okBoth(fx.app, me, 'getIndexes', { ifModifiedSince: indexes.lastModified })).json.indexes as typeof indexes;
    assert.deepEqual(unchanged, { lastModified: indexes.lastModified, ignoredArticles: 'The' });
    await failsBoth(fx.app, me, 'getIndexes', { musicFolderId: folderNumber(folderId) + 1 }, 70);
    await failsBoth(fx.app, me, 'getIndexes', { musicFolderId: 'one' }, 0);
  });

  test('getMusicDirectory walks the real folder tree: sub-directories (with covers) then songs', async () => {
    const kate = await directory(directoryId(folderId, 'Kate Nash'));
    assert.equal(kate.name, 'Kate Nash');
    assert.equal(kate.parent, directoryId(folderId, ''));
    assert.deepEqual(titles(kate.child), ['Made of Bricks', 'My Best Friend Is You']);
    assert.ok(kate.child!.every((c) => c.isDir && c.parent === kate.id));
    assert.match(kate.child![0]!.coverArt ?? '', /^al-/, 'the folder with cover.png shows it');

    const bricks = await directory(kate.child![0]!.id);
    assert.equal(bricks.parent, kate.id);
    assert.deepEqual(titles(bricks.child), ['Foundations', 'Mouthwash']);
    assert.ok(bricks.child!.every((c) => !c.isDir && c.parent === bricks.id));
    assert.equal(bricks.child![0]!.path, 'Kate Nash/Made of Bricks/01 Foundations.mp3');

    const teen = await directory(directoryId(folderId, 'Beach House/Teen Dream'));
    assert.deepEqual(
      teen.child!.map((c) => [c.title, c.suffix, c.discNumber]),
      [
        ['Zebra', 'ogg', 1],
        ['Norway', 'opus', 2],
      ],
    );

    const root = await directory(directoryId(folderId, ''));
    assert.equal(root.name, basename(fx.music));
    assert.equal(root.parent, undefined);
    assert.deepEqual(titles(root.child), ['Beach House', 'Kate Nash', 'Robyn', 'Various Artists', '日本語アーティスト']);
  });

  test('getMusicDirectory also opens album and artist ids (from the folder-based lists)', async () => {
    const teenId = await albumId('Teen Dream');
    const album = await directory(teenId);
    assert.equal(album.name, 'Teen Dream');
    assert.deepEqual(titles(album.child), ['Zebra', 'Norway']);
    const artist = await directory(album.parent!);
    assert.equal(artist.name, 'Beach House');
    assert.deepEqual(
      artist.child!.map((c) => [c.title, c.isDir]),
      [['Teen Dream', true]],
    );
  });

  test('getMusicDirectory refuses ids outside a music folder or unknown (70) and wants an id (10)', async () => {
    for (const id of [
      directoryId(folderId, '..'),
      directoryId(folderId, 'Kate Nash/../..'),
      directoryId(folderId, '/etc'),
      directoryId('no-such-folder', ''),
      directoryId(folderId, 'Kate Nash/Nope'),
      directoryId(folderId, 'cover-source.png'),
      'dir-garbage',
      'nope',
    ]) {
      await failsBoth(fx.app, me, 'getMusicDirectory', { id }, 70);
    }
    await failsBoth(fx.app, me, 'getMusicDirectory', {}, 10);
  });

  test('getArtists: album artists A–Z by letter; getArtist with albums; an artist only on a compilation gets that', async () => {
    const { json } = await okBoth(fx.app, me, 'getArtists');
    const artists = json.artists as { ignoredArticles: string; index: Index<Named>[] };
    assert.equal(artists.ignoredArticles, 'The');
    assert.deepEqual(
      artists.index.map((i) => [i.name, i.artist.map((a) => `${a.name}:${a.albumCount}`)]),
      [
        ['B', ['Beach House:1']],
        ['K', ['Kate Nash:2']],
        ['R', ['Robyn:1']],
        ['V', ['Various Artists:1']],
        ['#', ['日本語アーティスト:1']],
      ],
    );
    const kateId = artists.index[1]!.artist[0]!.id;
    const kate = (await okBoth(fx.app, me, 'getArtist', { id: kateId })).json.artist as Named & { album: Named[] };
    assert.equal(kate.name, 'Kate Nash');
    assert.deepEqual(kate.album.map((a) => a.name).sort(), ['Made of Bricks', 'My Best Friend Is You']);
    assert.equal(kate.albumCount, 2);
    assert.ok(kate.album.find((a) => a.name === 'Made of Bricks')!.coverArt);

    const various = await directory(await albumId('Various Hits'));
    const bosse = ((await okBoth(fx.app, me, 'getSong', { id: various.child![0]!.id })).json.song as { artistId: string }).artistId;
    const bosseArtist = (await okBoth(fx.app, me, 'getArtist', { id: bosse })).json.artist as Named & { album: Named[] };
    assert.deepEqual(
      bosseArtist.album.map((a) => a.name),
      ['Various Hits'],
    );
    await failsBoth(fx.app, me, 'getArtist', { id: 'nope' }, 70);
    await failsBoth(fx.app, me, 'getArtist', {}, 10);
  });

  test('getAlbum: songs in disc and track order; getSong: one song with its fields', async () => {
    const teen = (await okBoth(fx.app, me, 'getAlbum', { id: await albumId('Teen Dream') })).json.album as Named & { song: Child[]; duration: number };
    assert.equal(teen.songCount, 2);
    assert.deepEqual(
      teen.song.map((s) => [s.title, s.discNumber, s.track]),
      [
        ['Zebra', 1, 1],
        ['Norway', 2, 1],
      ],
    );
    const hits = (await okBoth(fx.app, me, 'getAlbum', { id: await albumId('Various Hits') })).json.album as Named & { artist: string; song: Child[] };
    assert.equal(hits.isCompilation, true);
    assert.equal(hits.artist, 'Various Artists');
    assert.deepEqual(
      hits.song.map((s) => s.artist),
      ['Bosse', 'Felix Kröcher'],
    );

    const doWah = (await okBoth(fx.app, me, 'getAlbum', { id: await albumId('My Best Friend Is You') })).json.album as { song: Child[] };
    const song = (await okBoth(fx.app, me, 'getSong', { id: doWah.song[0]!.id })).json.song as Child & Record<string, unknown>;
    assert.equal(song.title, 'Do-Wah-Doo');
    assert.equal(song.suffix, 'flac');
    assert.equal(song.path, 'Kate Nash/My Best Friend Is You/01 Do-Wah-Doo.flac');
    assert.equal(song.parent, directoryId(folderId, 'Kate Nash/My Best Friend Is You'));
    for (const field of ['contentType', 'duration', 'bitRate', 'size', 'albumId', 'artistId', 'year', 'genre']) assert.ok(song[field] !== undefined, field);
    await failsBoth(fx.app, me, 'getAlbum', { id: 'nope' }, 70);
    await failsBoth(fx.app, me, 'getSong', { id: 'nope' }, 70);
    await failsBoth(fx.app, me, 'getSong', {}, 10);
  });

  test('getGenres: song and album counts, the name as value', async () => {
    const { json, xml } = await okBoth(fx.app, me, 'getGenres');
    const genres = (json.genres as { genre: { value: string; songCount: number; albumCount: number }[] }).genre;
    assert.deepEqual(
      genres.find((g) => g.value === 'Pop'),
      { songCount: 4, albumCount: 3, value: 'Pop' },
    );
    assert.deepEqual(genres.map((g) => g.value).sort(), ['Dream Pop', 'Electropop', 'J-Pop', 'Pop', 'Techno']);
    assert.match(xml, /<genre songCount="4" albumCount="3" value="Pop">Pop<\/genre>/);
  });

  test('artist and album info: valid and empty; unknown ids are 70', async () => {
    const teenId = await albumId('Teen Dream');
    const artistId = (await directory(teenId)).parent!;
    assert.deepEqual((await okBoth(fx.app, me, 'getArtistInfo2', { id: artistId })).json.artistInfo2, {});
    assert.deepEqual((await okBoth(fx.app, me, 'getArtistInfo', { id: artistId })).json.artistInfo, {});
    assert.deepEqual((await okBoth(fx.app, me, 'getArtistInfo', { id: directoryId(folderId, 'Robyn') })).json.artistInfo, {});
    assert.deepEqual((await okBoth(fx.app, me, 'getAlbumInfo2', { id: teenId })).json.albumInfo, {});
    assert.deepEqual((await okBoth(fx.app, me, 'getAlbumInfo', { id: teenId })).json.albumInfo, {});
    for (const name of ['getArtistInfo2', 'getArtistInfo', 'getAlbumInfo2', 'getAlbumInfo']) {
      await failsBoth(fx.app, me, name, { id: 'nope' }, 70);
      await failsBoth(fx.app, me, name, {}, 10);
    }
  });

  test("getTopSongs: the caller's most played songs by the artist", async () => {
    assert.deepEqual((await okBoth(fx.app, me, 'getTopSongs', { artist: 'Kate Nash' })).json.topSongs, {});
    const bricks = await directory(directoryId(folderId, 'Kate Nash/Made of Bricks'));
    const [foundations, mouthwash] = bricks.child!;
    for (const id of [mouthwash!.id, foundations!.id, foundations!.id]) await fx.app.player.played(fx.user.me.id, { uri: `runnel:track:${id}` });
    const top = (await okBoth(fx.app, me, 'getTopSongs', { artist: 'kate nash', count: 5 })).json.topSongs as { song: Child[] };
    assert.deepEqual(titles(top.song), ['Foundations', 'Mouthwash']);
    assert.deepEqual(titles(((await okBoth(fx.app, me, 'getTopSongs', { artist: 'Kate Nash', count: 1 })).json.topSongs as { song: Child[] }).song), [
      'Foundations',
    ]);
    assert.deepEqual((await okBoth(fx.app, me, 'getTopSongs', { artist: 'Robyn' })).json.topSongs, {});
    await failsBoth(fx.app, me, 'getTopSongs', {}, 10);
  });

  test("getSimilarSongs and getSimilarSongs2: the radio's related songs, less the seed, at most count", async () => {
    const bricks = await directory(directoryId(folderId, 'Kate Nash/Made of Bricks'));
    const [foundations, mouthwash] = bricks.child!;
    const kateId = (await directory(await albumId('Made of Bricks'))).parent!;
    const similar = async (name: string, params: Record<string, string | number>) =>
      ((await okBoth(fx.app, me, name, params)).json[name === 'getSimilarSongs' ? 'similarSongs' : 'similarSongs2'] as { song?: Child[] }).song ?? [];

    // Same artist (Mouthwash, Do-Wah-Doo) and same genre (Pop); never the song itself, never filler.
    const bySong = titles(await similar('getSimilarSongs', { id: foundations!.id }));
    assert.ok(!bySong.includes('Foundations'));
    assert.deepEqual(bySong.sort(), ['Do-Wah-Doo', 'Mouthwash', 'fin låt']);
    assert.equal((await similar('getSimilarSongs', { id: foundations!.id, count: 1 })).length, 1);
    assert.deepEqual(await similar('getSimilarSongs', { id: foundations!.id, count: 0 }), []);
    // An album: other songs like it, none of its own.
    const byAlbum = titles(await similar('getSimilarSongs', { id: await albumId('Made of Bricks') }));
    assert.deepEqual(byAlbum.sort(), ['Do-Wah-Doo', 'fin låt']);
    // Teen Dream's only relatives are its own songs: nothing, rather than random songs.
    assert.deepEqual(await similar('getSimilarSongs', { id: await albumId('Teen Dream') }), []);
    // An artist: their songs and their genre's.
    const byArtist = titles(await similar('getSimilarSongs2', { id: kateId }));
    assert.deepEqual(byArtist.sort(), ['Do-Wah-Doo', 'Foundations', 'Mouthwash', 'fin låt']);
    assert.equal((await similar('getSimilarSongs2', { id: kateId, count: 2 })).length, 2);
    assert.deepEqual(titles(await similar('getSimilarSongs', { id: kateId })).sort(), byArtist.sort());
    // What people play together counts: Robyn after Mouthwash makes Robyn similar.
    const robyn = (await directory(await albumId('Body Talk'))).child![0]!;
    for (const id of [mouthwash!.id, robyn.id]) await fx.app.player.played(fx.user.me.id, { uri: `runnel:track:${id}` });
    assert.ok(titles(await similar('getSimilarSongs', { id: mouthwash!.id })).includes('Dancing On My Own'));
    for (const name of ['getSimilarSongs2', 'getSimilarSongs']) {
      await failsBoth(fx.app, me, name, { id: 'nope' }, 70);
      await failsBoth(fx.app, me, name, {}, 10);
    }
    await failsBoth(fx.app, me, 'getSimilarSongs2', { id: foundations!.id }, 70);
  });
});
