import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { subsonicFixture, type SubsonicFixture } from '../subsonic/testing.ts';
import { testDbKind } from '../testing/database.ts';

describe(`radio (${testDbKind})`, () => {
  let fx: SubsonicFixture;
  const ids = new Map<string, string>();
  before(async () => {
    fx = await subsonicFixture();
    for (const album of (await fx.app.catalog.listAlbums('name', 50, 0)).items) {
      for (const t of (await fx.app.catalog.album(album.id)).tracks.items) ids.set(t.name, t.id);
    }
  });
  after(() => fx.close());

  const call = async (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
    fx.app.http.inject({ method, url: `/api/v1${url}`, headers: fx.user.auth, ...(payload && { payload }) });
  const station = async (seed: string, query = '') => {
    const res = await call('GET', `/radio?seed=${encodeURIComponent(seed)}${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { seed: { name: string; type: string }; tracks: { id: string; name: string; genres: string[]; artists: { name: string }[] }[] };
  };
  const artistId = async (name: string) => (await fx.app.catalog.listArtists('name', 50, 0)).items.find((a) => a.name === name)!.id;

  test("an artist's station: their tracks and their genre's, each once, within the limit", async () => {
    const s = await station(`runnel:artist:${await artistId('Kate Nash')}`, '&limit=50');
    assert.equal(s.seed.name, 'Kate Nash');
    const names = s.tracks.map((t) => t.name);
    for (const own of ['Foundations', 'Mouthwash', 'Do-Wah-Doo']) assert.ok(names.includes(own), `${own} in ${names.join(', ')}`);
    assert.equal(new Set(names).size, names.length, 'no repeats');
    assert.ok(
      s.tracks.every((t) => t.genres.includes('Pop')),
      'Kate Nash is Pop, and so is the rest',
    );
    assert.equal((await station(`runnel:artist:${await artistId('Kate Nash')}`, '&limit=2')).tracks.length, 2);
  });

  test('it goes on: what the station played is left out of the next call', async () => {
    const seed = 'runnel:genre:Pop';
    const first = await station(seed, '&limit=2');
    const next = await station(seed, `&limit=50&exclude=${first.tracks.map((t) => t.id).join(',')}`);
    assert.ok(next.tracks.length > 0);
    assert.ok(!next.tracks.some((t) => first.tracks.some((f) => f.id === t.id)));
  });

  test('it never ends: its own tracks all played, the rest of the library follows, then it starts over', async () => {
    const seed = 'runnel:genre:Techno';
    const seen: string[] = [];
    for (let call = 0; call < 6; call++) {
      const s = await station(seed, `&limit=5${seen.length ? `&exclude=${seen.join(',')}` : ''}`);
      assert.ok(s.tracks.length > 0, `call ${call} after ${seen.length} tracks`);
      seen.push(...s.tracks.map((t) => t.id));
    }
    assert.equal(seen[0], ids.get('Techno Train'), 'the only Techno track comes first');
    assert.ok(new Set(seen).size >= ids.size - 1, 'then the rest of the library');
  });

  test("a track's station starts with it, and brings what people play together with it", async () => {
    const zebra = ids.get('Zebra')!;
    // Someone played Zebra, then Techno Train (nothing else links the two: other artist, other genre).
    for (const name of ['Zebra', 'Techno Train'])
      assert.equal((await call('POST', '/me/player/recently-played', { uri: `runnel:track:${ids.get(name)}` })).statusCode, 204);
    const s = await station(`runnel:track:${zebra}`, '&limit=50');
    assert.equal(s.tracks[0]!.name, 'Zebra');
    assert.ok(
      s.tracks.some((t) => t.name === 'Techno Train'),
      'played together',
    );
    assert.ok(
      s.tracks.some((t) => t.name === 'Norway'),
      'same artist',
    );
  });

  test('thumbs down keeps a track off your radio until taken back', async () => {
    const norway = ids.get('Norway')!;
    assert.equal((await call('PUT', '/me/radio/votes', { track_id: norway, vote: 'down' })).statusCode, 204);
    const seed = `runnel:artist:${await artistId('Beach House')}`;
    assert.ok(!(await station(seed, '&limit=50')).tracks.some((t) => t.id === norway));
    await call('PUT', '/me/radio/votes', { track_id: norway, vote: 'none' });
    assert.ok((await station(seed, '&limit=50')).tracks.some((t) => t.id === norway));
    assert.equal((await call('PUT', '/me/radio/votes', { track_id: norway, vote: 'meh' })).statusCode, 400);
  });

  test('unknown or invisible seeds are 404; malformed ones 400', async () => {
    for (const seed of ['runnel:artist:nosuch', 'runnel:genre:Polka', 'runnel:playlist:nosuch']) {
      assert.equal((await call('GET', `/radio?seed=${encodeURIComponent(seed)}`)).statusCode, 404, seed);
    }
    const hidden = await fx.app.http.inject({ method: 'POST', url: '/api/v1/me/playlists', headers: fx.admin.auth, payload: { name: 'Mine', public: false } });
    assert.equal((await call('GET', `/radio?seed=runnel:playlist:${hidden.json().id}`)).statusCode, 404, "someone else's private playlist");
    for (const seed of ['spotify:track:x', 'runnel:user:x']) assert.equal((await call('GET', `/radio?seed=${seed}`)).statusCode, 400, seed);
  });
});
