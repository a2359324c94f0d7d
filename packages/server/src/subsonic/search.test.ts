import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { folderNumber } from './map.ts';
import { caller, failsBoth, okBoth, type Caller } from './testing-calls.ts';
import { asUser, rest, subsonicFixture, type SubsonicFixture } from './testing.ts';

interface Item {
  id: string;
  name?: string;
  title?: string;
  isDir?: boolean;
  albumCount?: number;
}
interface Result {
  artist?: Item[];
  album?: Item[];
  song?: Item[];
}

describe('subsonic: search2 and search3', () => {
  let fx: SubsonicFixture;
  let me: Caller;
  const search3 = async (params: Record<string, string | number>) => (await okBoth(fx.app, me, 'search3', params)).json.searchResult3 as Result;
  const titles = (items: Item[] | undefined) => (items ?? []).map((i) => i.title ?? i.name);

  before(async () => {
    fx = await subsonicFixture();
    me = caller(fx.user);
    await fx.app.search.settled();
  });
  after(() => fx.close());

  test('search3 maps onto the search module: artists, albums and songs, each with its own count and offset', async () => {
    const kate = await search3({ query: 'kate nash' });
    assert.deepEqual(titles(kate.artist), ['Kate Nash']);
    assert.deepEqual(titles(kate.album).sort(), ['Made of Bricks', 'My Best Friend Is You']);
    assert.deepEqual(titles(kate.song).sort(), ['Do-Wah-Doo', 'Foundations', 'Mouthwash']);
    const paged = await search3({ query: 'kate nash', artistCount: 0, albumCount: 1, albumOffset: 1, songCount: 2, songOffset: 1 });
    assert.equal(paged.artist, undefined);
    assert.deepEqual(titles(paged.album), [titles(kate.album)[1]]);
    assert.deepEqual(titles(paged.song), titles(kate.song).slice(1, 3));
    assert.deepEqual(titles((await search3({ query: 'zebra' })).song), ['Zebra']);
    assert.deepEqual(titles((await search3({ query: 'fin låt' })).song), ['fin låt']);
    assert.deepEqual(await search3({ query: 'nothing matches this' }), {});
  });

  test('search2 gives the folder-based shapes: artists as index entries, albums as directories', async () => {
    const { json, xml } = await okBoth(fx.app, me, 'search2', { query: 'teen dream' });
    const result = json.searchResult2 as Result;
    assert.deepEqual(
      result.album?.map((a) => [a.title, a.isDir]),
      [['Teen Dream', true]],
    );
    assert.deepEqual(titles(result.song).sort(), ['Norway', 'Zebra']);
    assert.match(xml, /<searchResult2><album id="[^"]+" parent="[^"]+" isDir="true" title="Teen Dream"/);
    const artists = (await okBoth(fx.app, me, 'search2', { query: 'robyn' })).json.searchResult2 as Result;
    assert.deepEqual(
      artists.artist?.map((a) => Object.keys(a).sort()),
      [['id', 'name']],
    );
  });

  test('query="" pages through everything: each song exactly once, in a stable order (search3 and search2)', async () => {
    for (const name of ['search3', 'search2']) {
      const seen: string[] = [];
      for (let offset = 0; offset < 12; offset += 3) {
        const { json } = await okBoth(fx.app, me, name, { query: '""', artistCount: 0, albumCount: 0, songCount: 3, songOffset: offset });
        const page = (json[name === 'search3' ? 'searchResult3' : 'searchResult2'] as Result).song ?? [];
        assert.equal(page.length, offset < 9 ? 3 : 0, `${name} page at ${offset}`);
        seen.push(...page.map((s) => s.id));
      }
      assert.equal(seen.length, 9);
      assert.equal(new Set(seen).size, 9);
      const again = (await search3({ query: '""', artistCount: 0, albumCount: 0, songCount: 9 })).song!.map((s) => s.id);
      assert.deepEqual(seen, again, 'the order is stable');
    }
  });

  test('an empty query (or none) lists every artist and album too, with paging', async () => {
    const all = await search3({ query: '', artistCount: 100, albumCount: 100, songCount: 100 });
    assert.deepEqual(titles(all.artist), ['Beach House', 'Bosse', 'Felix Kröcher', 'Kate Nash', 'Robyn', 'Various Artists', '日本語アーティスト']);
    assert.deepEqual(titles(all.album), ['Body Talk', 'Made of Bricks', 'My Best Friend Is You', 'Teen Dream', 'Various Hits', '夜の歌']);
    assert.equal(all.song?.length, 9);
    const page = await search3({ artistCount: 2, artistOffset: 2, albumCount: 2, albumOffset: 4, songCount: 0 });
    assert.deepEqual(titles(page.artist), ['Felix Kröcher', 'Kate Nash']);
    assert.deepEqual(titles(page.album), ['Various Hits', '夜の歌']);
    assert.equal(page.song, undefined);
    const folder = folderNumber((await fx.app.library.folders())[0]!.id);
    assert.equal((await search3({ query: '""', songCount: 100, musicFolderId: folder })).song?.length, 9);
  });

  test('Symfonium\'s sync: JSON, query="", 500 songs a page until a short page', async () => {
    const songs: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const r = await rest(fx.app, 'search3', { ...asUser(fx.user), query: '""', artistCount: 0, albumCount: 0, songCount: 500, songOffset: offset });
      const page = (r.json.searchResult3 as Result).song ?? [];
      songs.push(...page.map((s) => s.id));
      if (page.length < 500) break;
    }
    assert.equal(new Set(songs).size, 9);
  });

  test('bad counts are error 0; an unknown music folder is 70', async () => {
    await failsBoth(fx.app, me, 'search3', { query: 'kate', songCount: -1 }, 0);
    await failsBoth(fx.app, me, 'search3', { query: 'kate', songCount: 10_001 }, 0);
    await failsBoth(fx.app, me, 'search2', { query: 'kate', artistOffset: 'x' }, 0);
    await failsBoth(fx.app, me, 'search3', { query: '', musicFolderId: folderNumber((await fx.app.library.folders())[0]!.id) + 1 }, 70);
  });
});

describe('subsonic: search2 and search3 in one music folder, and in Swedish', () => {
  let fx: SubsonicFixture;
  let me: Caller;
  let first: number;
  let second: number;
  const search3 = async (who: Caller, params: Record<string, string | number>) => (await okBoth(fx.app, who, 'search3', params)).json.searchResult3 as Result;
  const titles = (items: Item[] | undefined) => (items ?? []).map((i) => i.title ?? i.name);

  before(async () => {
    fx = await subsonicFixture(
      [
        { title: 'Blue Morning', artist: 'Blue Band', album: 'Blue Days', track: 1 },
        { title: 'Ost', artist: 'Ostlund', album: 'Ostlund', track: 1 },
        { title: 'Östlig vind', artist: 'Band', album: 'Vind', track: 1 },
      ],
      [
        [
          { title: 'Blue Night', artist: 'Blue Hidden', album: 'Blue Nights', track: 1 },
          { title: 'Blue Noon', artist: 'Blue Hidden', album: 'Blue Nights', track: 2 },
          { title: 'Östlig storm', artist: 'Stormband', album: 'Storm', track: 1 },
        ],
      ],
    );
    me = caller(fx.user);
    [first, second] = fx.folders.map(folderNumber) as [number, number];
    await fx.app.search.settled();
  });
  after(() => fx.close());

  test("a text query with musicFolderId finds only that folder's music, and counts and offsets page through its hits alone", async () => {
    assert.deepEqual(titles((await search3(me, { query: 'blue' })).song).sort(), ['Blue Morning', 'Blue Night', 'Blue Noon']);
    const one = await search3(me, { query: 'blue', musicFolderId: first });
    assert.deepEqual([titles(one.artist), titles(one.album), titles(one.song)], [['Blue Band'], ['Blue Days'], ['Blue Morning']]);
    const two = await search3(me, { query: 'blue', musicFolderId: second });
    assert.deepEqual([titles(two.artist), titles(two.album), titles(two.song).sort()], [['Blue Hidden'], ['Blue Nights'], ['Blue Night', 'Blue Noon']]);
    const pages: (string | undefined)[][] = [];
    for (const songOffset of [0, 1, 2])
      pages.push(titles((await search3(me, { query: 'blue', musicFolderId: second, artistCount: 0, albumCount: 0, songCount: 1, songOffset })).song));
    assert.deepEqual(pages, [[titles(two.song)[0]], [titles(two.song)[1]], []]);
    const folderShaped = (await okBoth(fx.app, me, 'search2', { query: 'blue', musicFolderId: first })).json.searchResult2 as Result;
    assert.deepEqual([titles(folderShaped.artist), titles(folderShaped.album), titles(folderShaped.song)], [['Blue Band'], ['Blue Days'], ['Blue Morning']]);
    await failsBoth(fx.app, me, 'search3', { query: 'blue', musicFolderId: first + second }, 70);
    await failsBoth(fx.app, me, 'search2', { query: 'blue', musicFolderId: first + second }, 70);
  });

  test('the everything-listing with musicFolderId holds only that folder: artists, albums and songs, with paging', async () => {
    const listed = await search3(me, { query: '', artistCount: 100, albumCount: 100, songCount: 100, musicFolderId: second });
    assert.deepEqual(
      [titles(listed.artist), titles(listed.album), titles(listed.song).sort()],
      [
        ['Blue Hidden', 'Stormband'],
        ['Blue Nights', 'Storm'],
        ['Blue Night', 'Blue Noon', 'Östlig storm'],
      ],
    );
    const page = await search3(me, { query: '""', artistCount: 1, artistOffset: 1, albumCount: 1, albumOffset: 1, songCount: 0, musicFolderId: second });
    assert.deepEqual([titles(page.artist), titles(page.album)], [['Stormband'], ['Storm']]);
    assert.equal((await search3(me, { query: '""', artistCount: 100, albumCount: 0, songCount: 0, musicFolderId: first })).artist?.length, 3);
  });

  test('a Swedish user\'s "öst" lists Östlig before Ost; English keeps the neutral order; one folder keeps both rules', async () => {
    const songsFor = async (who: Caller, extra: Record<string, number> = {}) =>
      titles((await search3(who, { query: 'öst', artistCount: 0, albumCount: 0, ...extra })).song);
    const english = caller(fx.admin);
    assert.deepEqual(await songsFor(english, { musicFolderId: first }), ['Ost', 'Östlig vind'], 'an exact word outranks a prefix');
    assert.equal((await songsFor(english))[0], 'Ost');
    const language = await fx.app.http.inject({ method: 'PATCH', url: '/api/v1/me', headers: fx.user.auth, payload: { language: 'sv' } });
    assert.equal(language.statusCode, 200);
    const swedish = await songsFor(me);
    assert.deepEqual([swedish.slice(0, 2).sort(), swedish[2]], [['Östlig storm', 'Östlig vind'], 'Ost']);
    assert.deepEqual(await songsFor(me, { musicFolderId: first }), ['Östlig vind', 'Ost']);
    assert.deepEqual(await songsFor(me, { songCount: 1, songOffset: 1, musicFolderId: first }), ['Ost']);
    const folderShaped = (await okBoth(fx.app, me, 'search2', { query: 'öst', artistCount: 0, albumCount: 0, musicFolderId: first })).json
      .searchResult2 as Result;
    assert.deepEqual(titles(folderShaped.song), ['Östlig vind', 'Ost']);
  });
});
