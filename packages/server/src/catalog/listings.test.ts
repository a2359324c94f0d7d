import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generatePicture, generateTone } from '../library/generate.ts';
import { testApp, type TestApp } from '../testing/app.ts';

describe('catalogue listings (album lists, random picks, library paging, directory trees)', () => {
  let t: TestApp;
  let dir: string;
  let folderId: string;
  const albumNames = async (ids: readonly string[]) => (await t.catalog.albumSummaries([...ids])).map((a) => a.name);
  const trackNames = async (ids: string[]) => (await t.catalog.tracks(ids)).map((x) => x?.name);

  before(async () => {
    t = await testApp();
    dir = await mkdtemp(join(tmpdir(), 'runnel-listings-'));
    const tone = (path: string, tags: Record<string, string>) =>
      generateTone({ path: join(dir, path), format: 'mp3v24', seconds: 1, frequency: 200 + Math.floor(Math.random() * 800), tags });
    await generatePicture(join(dir, 'Beach House', 'Teen Dream', 'CD1', 'cover.jpg'), 64, 64);
    await Promise.all([
      tone('Beach House/Teen Dream/CD2/01 Walk.mp3', {
        title: 'Walk',
        artist: 'Beach House',
        album: 'Teen Dream',
        track: '1',
        disc: '2/2',
        date: '2010',
        genre: 'Dream Pop',
      }),
      tone('Beach House/Teen Dream/CD1/01 Zebra.mp3', {
        title: 'Zebra',
        artist: 'Beach House',
        album: 'Teen Dream',
        track: '1',
        disc: '1/2',
        date: '2010',
        genre: 'Dream Pop',
      }),
      tone('Beach House/Teen Dream/CD1/10 Norway.mp3', {
        title: 'Norway',
        artist: 'Beach House',
        album: 'Teen Dream',
        track: '10',
        disc: '1/2',
        date: '2010',
        genre: 'Dream Pop',
      }),
      tone('Beach House/Teen Dream/CD1/2 Silver.mp3', {
        title: 'Silver Soul',
        artist: 'Beach House',
        album: 'Teen Dream',
        track: '2',
        disc: '1/2',
        date: '2010',
        genre: 'Dream Pop',
      }),
      tone('Robyn/Body Talk/01.mp3', { title: 'Dancing On My Own', artist: 'Robyn', album: 'Body Talk', track: '1', date: '2010', genre: 'Pop' }),
      tone('Kate Nash/Made of Bricks/01.mp3', { title: 'Foundations', artist: 'Kate Nash', album: 'Made of Bricks', track: '1', date: '2007', genre: 'Pop' }),
      tone('Bosse/Kraniche/01.mp3', { title: 'Schönste Zeit', artist: 'Bosse', album: 'Kraniche', track: '1', date: '2013', genre: 'Deutschpop' }),
      tone('loose.mp3', { title: 'Loose', artist: 'Nobody', album: 'Loose Ends', track: '1', date: '1999' }),
    ]);
    folderId = (await t.library.addFolder(dir)).id;
    await t.library.scan('full');
  });
  after(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('album summaries keep the order asked, carry genres, and leave unknown ids out', async () => {
    const ids = await t.catalog.albumIds('name');
    const summaries = await t.catalog.albumSummaries(['nope', ...[...ids].reverse()]);
    assert.deepEqual(
      summaries.map((a) => a.name),
      ['Teen Dream', 'Made of Bricks', 'Loose Ends', 'Kraniche', 'Body Talk'],
    );
    assert.deepEqual(summaries[0]!.genres, ['Dream Pop']);
    assert.equal(summaries[0]!.total_tracks, 4);
  });

  test('albums by year: a range, a reversed range (newest first), one year', async () => {
    assert.deepEqual(await albumNames(await t.catalog.albumIdsByYear(2007, 2010)), ['Made of Bricks', 'Body Talk', 'Teen Dream']);
    assert.deepEqual(await albumNames(await t.catalog.albumIdsByYear(2013, 2000)), ['Kraniche', 'Body Talk', 'Teen Dream', 'Made of Bricks']);
    assert.deepEqual(await albumNames(await t.catalog.albumIdsByYear(1999, 1999)), ['Loose Ends']);
    assert.deepEqual(await t.catalog.albumIdsByYear(1900, 1901), []);
  });

  test('albums by genre (any case) and by music folder', async () => {
    assert.deepEqual(await albumNames(await t.catalog.albumIdsOfGenre('pop')), ['Body Talk', 'Made of Bricks']);
    assert.deepEqual(await t.catalog.albumIdsOfGenre('No Such Genre'), []);
    assert.equal((await t.catalog.albumIdsOfFolder(folderId)).length, 5);
    assert.deepEqual(await t.catalog.albumIdsOfFolder('other-folder'), []);
  });

  test('random albums and tracks: distinct, within the filters', async () => {
    const albums = await t.catalog.randomAlbumIds(3);
    assert.equal(new Set(albums).size, 3);
    assert.equal((await t.catalog.randomAlbumIds(50)).length, 5);
    const pop = await t.catalog.albumIdsOfGenre('Pop');
    assert.deepEqual((await t.catalog.randomAlbumIds(5, new Set(pop))).sort(), [...pop].sort());
    const dream = await t.catalog.randomTrackIds(10, { genre: 'dream pop' });
    assert.deepEqual((await trackNames(dream)).sort(), ['Norway', 'Silver Soul', 'Walk', 'Zebra']);
    assert.deepEqual(await trackNames(await t.catalog.randomTrackIds(10, { fromYear: 2011, toYear: 2020 })), ['Schönste Zeit']);
    assert.equal((await t.catalog.randomTrackIds(2)).length, 2);
    assert.deepEqual(await t.catalog.randomTrackIds(5, { genre: 'unknown' }), []);
  });

  test('paging through every track: each exactly once, by keyset after the first page, the same as by offset', async () => {
    const seen: string[] = [];
    for (let offset = 0; ; offset += 3) {
      const page = await t.catalog.trackIds(offset, 3);
      seen.push(...page);
      if (page.length < 3) break;
    }
    assert.equal(seen.length, 8);
    assert.equal(new Set(seen).size, 8);
    assert.deepEqual(seen, [...seen].sort());
    // A page asked out of sequence (no cursor) is read by offset and agrees.
    assert.deepEqual(await t.catalog.trackIds(5, 2), seen.slice(5, 7));
    assert.deepEqual(await trackNames(await t.catalog.trackIds(0, 10, { genre: 'Deutschpop' })), ['Schönste Zeit']);
  });

  test('the album of each track', async () => {
    const [robyn] = await t.catalog.albumIdsOfGenre('Pop');
    const tracks = await t.catalog.trackIds(0, 20);
    const albums = await t.catalog.albumIdsOfTracks([...tracks, 'nope']);
    assert.equal(albums.size, 8);
    assert.ok([...albums.values()].includes(robyn!));
  });

  test('the directory tree of a music folder comes from the tracks’ paths, in name order, with covers', async () => {
    const tree = await t.catalog.directoryTree(folderId, dir);
    assert.deepEqual([...tree.directories.keys()].sort(), [
      '',
      'Beach House',
      'Beach House/Teen Dream',
      'Beach House/Teen Dream/CD1',
      'Beach House/Teen Dream/CD2',
      'Bosse',
      'Bosse/Kraniche',
      'Kate Nash',
      'Kate Nash/Made of Bricks',
      'Robyn',
      'Robyn/Body Talk',
    ]);
    const root = tree.directories.get('')!;
    assert.deepEqual(root.directories, ['Beach House', 'Bosse', 'Kate Nash', 'Robyn']);
    assert.deepEqual(await trackNames(root.trackIds), ['Loose']);
    const cd1 = tree.directories.get('Beach House/Teen Dream/CD1')!;
    assert.deepEqual(await trackNames(cd1.trackIds), ['Zebra', 'Silver Soul', 'Norway'], 'file names in natural order');
    const teen = (await t.catalog.albumIdsOfGenre('Dream Pop'))[0];
    assert.equal(tree.directories.get('Beach House')!.coverAlbumId, teen, 'a directory shows the cover found below it');
    assert.equal(tree.directories.get('Robyn')!.coverAlbumId, null);
    assert.ok(tree.lastModified > 0);
  });
});
