import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateTone, setFlacComments } from '../library/generate.ts';
import { caller, okBoth, type Caller } from './testing-calls.ts';
import { subsonicFixture, type SubsonicFixture } from './testing.ts';

interface Named {
  id: string;
  name: string;
}
interface Song {
  id: string;
  title: string;
  artist: string;
  artistId?: string;
  displayArtist: string;
  artists: Named[];
  albumArtists: Named[];
}

// A name with a comma is one artist; two artist fields are two, whatever their names hold.
describe('artists are lists from tags to every API', () => {
  let fx: SubsonicFixture;
  let me: Caller;
  const ewf = 'Earth, Wind & Fire';

  before(async () => {
    fx = await subsonicFixture([{ title: 'September', artist: ewf, album: 'The Best of', track: 1 }]);
    const path = join(fx.music, ewf, 'I Am', '01 Boogie Wonderland.flac');
    await generateTone({ path, format: 'flac', seconds: 1, tags: {} });
    await setFlacComments(path, [
      ['TITLE', 'Boogie Wonderland'],
      ['ARTIST', ewf],
      ['ARTIST', 'The Emotions'],
      ['ALBUM', 'I Am'],
      ['ALBUMARTIST', ewf],
      ['TRACKNUMBER', '1'],
    ]);
    await fx.app.library.scan('full');
    await fx.app.search.settled();
    me = caller(fx.user);
  });
  after(() => fx.close());

  const songs = async () => {
    const found = (await okBoth(fx.app, me, 'search3', { query: '', songCount: 10, artistCount: 0, albumCount: 0 })).json.searchResult3 as { song: Song[] };
    return new Map(found.song.map((s) => [s.title, s]));
  };

  test('REST: tracks, albums and artists keep the names whole', async () => {
    const { September, 'Boogie Wonderland': boogie } = Object.fromEntries(await songs());
    const get = async (url: string) => (await fx.app.http.inject({ method: 'GET', url, headers: fx.user.auth })).json() as { name: string; artists: Named[] };
    assert.deepEqual(
      (await get(`/api/v1/tracks/${September!.id}`)).artists.map((a) => a.name),
      [ewf],
    );
    const two = await get(`/api/v1/tracks/${boogie!.id}`);
    assert.deepEqual(
      two.artists.map((a) => a.name),
      [ewf, 'The Emotions'],
    );
    assert.equal((await get(`/api/v1/artists/${two.artists[0]!.id}`)).name, ewf);
    assert.equal((await get(`/api/v1/artists/${two.artists[1]!.id}`)).name, 'The Emotions');
  });

  test('search: the documents carry the artist lists, not the display string split again', async () => {
    const search = async (q: string) =>
      (
        await fx.app.http.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}&type=track,artist,album`, headers: fx.user.auth })
      ).json() as Record<string, { items: { name: string; artists?: Named[] }[] }>;
    const hits = await search('boogie');
    assert.deepEqual(
      hits.tracks!.items.map((t) => t.artists!.map((a) => a.name)),
      [[ewf, 'The Emotions']],
    );
    const { September, 'Boogie Wonderland': boogie } = Object.fromEntries(await songs());
    const docs = await fx.app.catalog.searchDocuments([September!.id, boogie!.id, boogie!.artists[0]!.id]);
    assert.deepEqual(docs.map((d) => [d.kind, d.title, d.artists]).sort(), [
      ['artist', ewf, [ewf]],
      ['track', 'Boogie Wonderland', [ewf, 'The Emotions']],
      ['track', 'September', [ewf]],
    ]);
    const albums = await fx.app.catalog.searchDocuments([(await fx.app.catalog.track(boogie!.id)).album.id]);
    assert.deepEqual(
      albums.map((d) => d.artists),
      [[ewf]],
    );
    assert.deepEqual(
      (await search('wind fire')).artists!.items.map((a) => a.name),
      [ewf],
    );
  });

  test('Subsonic: getArtists, getArtist and songs (artists, artist, displayArtist)', async () => {
    const index = ((await okBoth(fx.app, me, 'getArtists')).json.artists as { index: { artist: (Named & { albumCount: number })[] }[] }).index.flatMap(
      (i) => i.artist,
    );
    assert.deepEqual(
      index.map((a) => [a.name, a.albumCount]),
      [[ewf, 2]],
    );
    const artist = (await okBoth(fx.app, me, 'getArtist', { id: index[0]!.id })).json.artist as Named & { album: { name: string; artist: string }[] };
    assert.equal(artist.name, ewf);
    assert.deepEqual(artist.album.map((a) => [a.name, a.artist]).sort(), [
      ['I Am', ewf],
      ['The Best of', ewf],
    ]);

    const { September, 'Boogie Wonderland': boogie } = Object.fromEntries(await songs());
    assert.deepEqual(
      September!.artists.map((a) => a.name),
      [ewf],
    );
    assert.equal(September!.artist, ewf);
    assert.equal(September!.displayArtist, ewf);
    assert.equal(September!.artistId, index[0]!.id);
    assert.deepEqual(
      boogie!.artists.map((a) => a.name),
      [ewf, 'The Emotions'],
    );
    assert.deepEqual(
      boogie!.albumArtists.map((a) => a.name),
      [ewf],
    );
    assert.equal(boogie!.artists[0]!.id, index[0]!.id);
    // The Emotions only feature: no album of their own, yet an artist with the song's album.
    const emotions = (await okBoth(fx.app, me, 'getArtist', { id: boogie!.artists[1]!.id })).json.artist as Named & { album: { name: string }[] };
    assert.equal(emotions.name, 'The Emotions');
    assert.deepEqual(
      emotions.album.map((a) => a.name),
      ['I Am'],
    );
  });
});
