import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateTone } from '../library/generate.ts';
import { caller, ok, type Caller } from './testing-calls.ts';
import { subsonicFixture, type LibraryTrack, type SubsonicFixture } from './testing.ts';

/** What a real desktop Subsonic client (and a peer server beside it) showed; each test is one finding. */

const LIBRARY: LibraryTrack[] = [
  // A reissue: the first track says 2004, the bonus tracks 2012.
  { title: 'Original', artist: 'Reissuer', album: 'Reissue', track: 1, year: 2004, genre: 'Ambient' },
  { title: 'Bonus One', artist: 'Reissuer', album: 'Reissue', track: 2, year: 2012, genre: 'Techno' },
  { title: 'Bonus Two', artist: 'Reissuer', album: 'Reissue', track: 3, year: 2012, genre: 'Techno' },
  { title: 'Single', artist: 'Other', album: 'Steady', track: 1, year: 1999, genre: 'Pop' },
  { title: 'Queue A', artist: 'Q', album: 'Queue', track: 1, year: 2001 },
  { title: 'Queue B', artist: 'Q', album: 'Queue', track: 2, year: 2001 },
  { title: 'Queue C', artist: 'Q', album: 'Queue', track: 3, year: 2001 },
  { title: 'Queue D', artist: 'Q', album: 'Queue', track: 4, year: 2001 },
  { title: 'Queue E', artist: 'Q', album: 'Queue', track: 5, year: 2001 },
];

type Album = { id: string; name: string; artist?: string; year?: number; genre?: string; genres?: { name: string }[] };

describe('subsonic: what a real client found', () => {
  let fx: SubsonicFixture;
  let me: Caller;
  const albums = async (params: Record<string, string | number>) =>
    ((await ok(fx.app, me, 'getAlbumList2', { size: 500, ...params }, { schema: false })).albumList2 as { album?: Album[] }).album ?? [];
  const song = async (title: string) => {
    const found = (await ok(fx.app, me, 'search3', { query: title, songCount: 5, albumCount: 0, artistCount: 0 })).searchResult3 as {
      song?: { id: string; title: string }[];
    };
    return found.song!.find((s) => s.title === title)!.id;
  };

  before(async () => {
    fx = await subsonicFixture(LIBRARY);
    // An untagged file: no title, artist or album in it.
    await generateTone({ path: join(fx.music, 'loose', 'untagged.mp3'), format: 'mp3v24', seconds: 1, tags: {} });
    await fx.app.library.scan('full');
    me = caller(fx.user);
  });
  after(() => fx.close());

  test('byYear: an album is found under the year it is shown with, and shown the same in REST', async () => {
    const all = await albums({ type: 'alphabeticalByName' });
    const reissue = all.find((a) => a.name === 'Reissue')!;
    assert.equal(reissue.year, 2012);
    assert.deepEqual(
      (await albums({ type: 'byYear', fromYear: 2012, toYear: 2012 })).map((a) => a.name),
      ['Reissue'],
    );
    assert.deepEqual(
      (await albums({ type: 'byYear', fromYear: 2004, toYear: 2004 })).map((a) => a.name),
      [],
    );
    for (const album of all.filter((a) => a.year !== undefined)) {
      const found = await albums({ type: 'byYear', fromYear: album.year!, toYear: album.year! });
      assert.ok(
        found.some((a) => a.id === album.id),
        `${album.name} is shown as ${album.year} and found under it`,
      );
    }
    const rest = (await fx.app.http.inject({ method: 'GET', url: `/api/v1/albums/${reissue.id}`, headers: fx.user.auth })).json();
    assert.match(rest.release_date, /^2012/);
  });

  test('an album of several genres: genre is the most common, genres lists all', async () => {
    const reissue = (await albums({ type: 'alphabeticalByName' })).find((a) => a.name === 'Reissue')!;
    const full = (await ok(fx.app, me, 'getAlbum', { id: reissue.id }, { schema: false })).album as Album;
    assert.equal(full.genre, 'Techno');
    assert.deepEqual(full.genres!.map((g) => g.name).sort(), ['Ambient', 'Techno']);
  });

  test('savePlayQueue of five songs with the third current comes back as saved', async () => {
    const ids = await Promise.all(['Queue A', 'Queue B', 'Queue C', 'Queue D', 'Queue E'].map(song));
    await ok(fx.app, me, 'savePlayQueue', { id: ids, current: ids[2]!, position: 42_000, c: 'sublime-music' });
    const queue = (await ok(fx.app, me, 'getPlayQueue', {}, { schema: false })).playQueue as { current: string; position: number; entry: { id: string }[] };
    assert.deepEqual(
      queue.entry.map((e) => e.id),
      ids,
    );
    assert.equal(queue.current, ids[2]);
    assert.equal(queue.position, 42_000);

    // Once the queue changes elsewhere (the web player adds a track), it is that queue: no stale songs before.
    const added = await fx.app.http.inject({ method: 'POST', url: `/api/v1/me/player/queue?uri=runnel:track:${ids[0]}`, headers: fx.user.auth });
    assert.ok(added.statusCode < 300, added.body);
    const after = (await ok(fx.app, me, 'getPlayQueue', {}, { schema: false })).playQueue as { current: string; entry: { id: string }[] };
    assert.equal(after.current, ids[2]);
    assert.deepEqual(
      after.entry.map((e) => e.id),
      [ids[2]!, ids[3]!, ids[4]!, ids[0]!],
    );
  });

  test('untagged files: [Unknown Album] by [Unknown Artist], alike in Subsonic and REST', async () => {
    const unknown = (await albums({ type: 'alphabeticalByName' })).find((a) => a.name === '[Unknown Album]');
    assert.ok(unknown, 'the untagged file has an album named as the field names it');
    assert.equal(unknown.artist, '[Unknown Artist]');
    const rest = (await fx.app.http.inject({ method: 'GET', url: `/api/v1/albums/${unknown.id}`, headers: fx.user.auth })).json();
    assert.equal(rest.name, '[Unknown Album]');
    assert.deepEqual(
      rest.artists.map((a: { name: string }) => a.name),
      ['[Unknown Artist]'],
    );
    assert.ok(!(await albums({ type: 'alphabeticalByName' })).some((a) => a.name === ''), 'no album without a name');
  });
});
