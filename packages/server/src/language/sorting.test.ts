import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Language } from '@runnel/api';
import { assertValidJson, assertValidXml } from '../subsonic/schema.ts';
import { caller, okBoth, type Caller } from '../subsonic/testing-calls.ts';
import { rest, subsonicFixture, type SubsonicFixture } from '../subsonic/testing.ts';

// Issue 22's acceptance list, each name an album artist with an album of the same name.
const NAMES = ['Zappa', 'Åslund', 'Ärlig', 'Östlund', 'Västerbron', 'Wilco', 'Abba', 'Oasis'];
const SWEDISH = ['Abba', 'Oasis', 'Västerbron', 'Wilco', 'Zappa', 'Åslund', 'Ärlig', 'Östlund'];
const ENGLISH = ['Abba', 'Ärlig', 'Åslund', 'Oasis', 'Östlund', 'Västerbron', 'Wilco', 'Zappa'];
const SWEDISH_INDEX = [
  ['A', ['Abba']],
  ['O', ['Oasis']],
  ['V', ['Västerbron']],
  ['W', ['Wilco']],
  ['Z', ['Zappa']],
  ['Å', ['Åslund']],
  ['Ä', ['Ärlig']],
  ['Ö', ['Östlund']],
];
const ENGLISH_INDEX = [
  ['A', ['Abba', 'Ärlig', 'Åslund']],
  ['O', ['Oasis', 'Östlund']],
  ['V', ['Västerbron']],
  ['W', ['Wilco']],
  ['Z', ['Zappa']],
];

interface Index {
  name: string;
  artist: { name: string }[];
}

describe('A–Z in the listener’s language (REST and Subsonic)', () => {
  let fx: SubsonicFixture;
  let me: Caller;

  before(async () => {
    fx = await subsonicFixture(NAMES.map((name, i) => ({ title: `Song ${i}`, artist: name, album: name, track: 1, seconds: 1 })));
    me = caller(fx.user);
  });
  after(() => fx.close());

  const restArtists = async (headers: Record<string, string> = {}, query = 'limit=50') => {
    const response = await fx.app.http.inject({ method: 'GET', url: `/api/v1/artists?${query}`, headers: { ...fx.user.auth, ...headers } });
    assert.equal(response.statusCode, 200, response.body);
    return (response.json() as { items: { name: string }[]; total: number }).items.map((a) => a.name);
  };
  const setLanguage = async (language: Language | null) => {
    const response = await fx.app.http.inject({ method: 'PATCH', url: '/api/v1/me', headers: fx.user.auth, payload: { language } });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { language: Language | null; display_name: string };
  };
  const index = (found: Index[]) => found.map((i) => [i.name, i.artist.map((a) => a.name)]);

  test('REST artists follow Accept-Language (best supported match), else English', async () => {
    assert.deepEqual(await restArtists({ 'accept-language': 'sv-SE,sv;q=0.9,en;q=0.8' }), SWEDISH);
    assert.deepEqual(await restArtists({ 'accept-language': 'de-DE, sv;q=0.7, en;q=0.5' }), SWEDISH);
    assert.deepEqual(await restArtists({ 'accept-language': 'en-GB,en;q=0.9' }), ENGLISH);
    assert.deepEqual(await restArtists({ 'accept-language': 'sv;q=0, de' }), ENGLISH);
    assert.deepEqual(await restArtists(), ENGLISH);
    assert.deepEqual(await restArtists({ 'accept-language': 'sv' }, 'sort=-name'), [...SWEDISH].reverse());
  });

  test('REST albums A–Z follow the language too', async () => {
    const albums = async (acceptLanguage: string, sort: string) => {
      const response = await fx.app.http.inject({
        method: 'GET',
        url: `/api/v1/albums?sort=${sort}`,
        headers: { ...fx.user.auth, 'accept-language': acceptLanguage },
      });
      return (response.json() as { items: { name: string }[] }).items.map((a) => a.name);
    };
    assert.deepEqual(await albums('sv', 'name'), SWEDISH);
    assert.deepEqual(await albums('sv', 'artist'), SWEDISH);
    assert.deepEqual(await albums('en', 'name'), ENGLISH);
  });

  test('paging walks the language’s order: every artist once, in order', async () => {
    for (const [language, expected] of [
      ['sv', SWEDISH],
      ['en', ENGLISH],
    ] as const) {
      const pages: string[] = [];
      for (let offset = 0; offset < NAMES.length; offset += 3) pages.push(...(await restArtists({ 'accept-language': language }, `limit=3&offset=${offset}`)));
      assert.deepEqual(pages, expected);
    }
  });

  test('the language chosen in Settings is kept per user and wins over Accept-Language until reset', async () => {
    assert.equal((await setLanguage('sv')).language, 'sv');
    const got = await fx.app.http.inject({ method: 'GET', url: '/api/v1/me', headers: fx.user.auth });
    assert.equal((got.json() as { language: string }).language, 'sv');
    assert.deepEqual(await restArtists({ 'accept-language': 'en' }), SWEDISH);
    // Another user's lists are theirs.
    const other = await fx.app.makeUser();
    const theirs = await fx.app.http.inject({ method: 'GET', url: '/api/v1/artists', headers: other.auth });
    assert.deepEqual(
      (theirs.json() as { items: { name: string }[] }).items.map((a) => a.name),
      ENGLISH,
    );
    assert.equal((await setLanguage(null)).language, null);
    assert.deepEqual(await restArtists({ 'accept-language': 'en' }), ENGLISH);
    // Only supported languages are accepted; the name can still change alone.
    const bad = await fx.app.http.inject({ method: 'PATCH', url: '/api/v1/me', headers: fx.user.auth, payload: { language: 'de' } });
    assert.equal(bad.statusCode, 400);
    const renamed = await fx.app.http.inject({ method: 'PATCH', url: '/api/v1/me', headers: fx.user.auth, payload: { display_name: 'Lisa' } });
    assert.deepEqual(
      [(renamed.json() as { display_name: string; language: null }).display_name, (renamed.json() as { language: null }).language],
      ['Lisa', null],
    );
  });

  test('Subsonic getArtists, getIndexes and alphabetical album lists: the user’s language, its index letters', async () => {
    for (const [language, order, letters] of [
      ['sv', SWEDISH, SWEDISH_INDEX],
      ['en', ENGLISH, ENGLISH_INDEX],
    ] as const) {
      await setLanguage(language);
      const { json, xml } = await okBoth(fx.app, me, 'getArtists');
      assert.deepEqual(index((json.artists as { index: Index[] }).index), letters);
      assert.equal((json.artists as { ignoredArticles: string }).ignoredArticles, 'The');
      if (language === 'sv') assert.match(xml, /<index name="Z">[\s\S]*<index name="Å">[\s\S]*<index name="Ä">[\s\S]*<index name="Ö">/);
      // getIndexes files the music folder's top-level folders (here the artists') the same way.
      assert.deepEqual(index(((await okBoth(fx.app, me, 'getIndexes')).json.indexes as { index: Index[] }).index), letters);
      const albums = (await okBoth(fx.app, me, 'getAlbumList2', { type: 'alphabeticalByName', size: 3, offset: 3 })).json.albumList2 as {
        album: { name: string }[];
      };
      assert.deepEqual(
        albums.album.map((a) => a.name),
        order.slice(3, 6),
      );
      const byArtist = (await okBoth(fx.app, me, 'getAlbumList2', { type: 'alphabeticalByArtist', size: 500 })).json.albumList2 as {
        album: { artist: string }[];
      };
      assert.deepEqual(
        byArtist.album.map((a) => a.artist),
        order,
      );
    }
    await setLanguage(null);
  });

  test('Subsonic without a chosen language: the app’s Accept-Language, else English', async () => {
    const artists = async (headers: Record<string, string>) => {
      const params = { u: me.username, p: me.password, c: 'test', v: '1.16.1' };
      const xml = await rest(fx.app, 'getArtists', params, { headers });
      assertValidXml(xml.body, 'getArtists');
      const json = await rest(fx.app, 'getArtists', { ...params, f: 'json' }, { headers });
      assertValidJson(JSON.parse(json.body), 'getArtists');
      return index((json.json.artists as { index: Index[] }).index);
    };
    assert.deepEqual(await artists({ 'accept-language': 'sv-SE' }), SWEDISH_INDEX);
    assert.deepEqual(await artists({}), ENGLISH_INDEX);
  });
});
