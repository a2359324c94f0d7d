import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { generateTone } from './generate.ts';

describe('library identity: moves, renames, restores and tag edits keep track ids', () => {
  let t: TestApp;
  let u: TestUser;
  let a: string;
  let b: string;
  let spare: string;
  const track = (path: string) => t.catalog.trackByPath(path);
  const get = async (url: string) => t.http.inject({ method: 'GET', url, headers: u.auth });

  before(async () => {
    t = await testApp();
    u = await t.makeUser();
    a = await mkdtemp(join(tmpdir(), 'runnel-music-a-'));
    b = await mkdtemp(join(tmpdir(), 'runnel-music-b-'));
    spare = await mkdtemp(join(tmpdir(), 'runnel-spare-'));
    const album = (artist: string, title: string) => ({ artist, album_artist: artist, album: title, date: '2010', genre: 'Pop' });
    await Promise.all([
      generateTone({
        path: join(a, 'Kate Nash', 'Made of Bricks', '01 Foundations.mp3'),
        format: 'mp3v24',
        seconds: 1,
        frequency: 300,
        tags: { ...album('Kate Nash', 'Made of Bricks'), title: 'Foundations', track: '1/2' },
      }),
      generateTone({
        path: join(a, 'Kate Nash', 'Made of Bricks', '02 Mouthwash.mp3'),
        format: 'mp3v24',
        seconds: 1,
        frequency: 350,
        tags: { ...album('Kate Nash', 'Made of Bricks'), title: 'Mouthwash', track: '2/2' },
      }),
      generateTone({
        path: join(a, 'Robyn', 'Robyn', '01 Be Mine.flac'),
        format: 'flac',
        seconds: 1,
        frequency: 400,
        tags: { ...album('Robyn', 'Robyn'), title: 'Be Mine!', track: '1/1' },
      }),
      generateTone({
        path: join(a, 'Anna Åslund', 'Kröcher 日本語', '01 Ström.ogg'),
        format: 'ogg',
        seconds: 1,
        frequency: 500,
        tags: { ...album('Anna Åslund', 'Kröcher 日本語'), title: 'Ström 東京', artist: 'Felix Kröcher', track: '1/1' },
      }),
    ]);
    await t.library.addFolder(a);
    await t.library.addFolder(b);
    // Another module's table pointing at tracks (as playlists, stars and play counts will).
    await sql`create table test_refs (track_id text not null references tracks(id) on delete cascade)`.execute(t.database.db);
  });
  after(async () => {
    await t.close();
    for (const dir of [a, b, spare]) await rm(dir, { recursive: true, force: true });
  });

  test('first scan adds everything; a rescan of an unchanged library reads no tags', async () => {
    const first = await t.library.scan();
    assert.equal(first.added, 4);
    assert.equal(first.tags_read, 4);
    assert.equal(first.failed, 0);
    const second = await t.library.scan();
    assert.deepEqual({ ...second }, { walked: 4, unchanged: 4, tags_read: 0, added: 0, updated: 0, moved: 0, removed: 0, failed: 0 });
    const row = await track(join(a, 'Kate Nash', 'Made of Bricks', '01 Foundations.mp3'));
    await sql`insert into test_refs (track_id) values (${row!.id})`.execute(t.database.db);
  });

  test('Unicode names and tags round-trip (Åslund, Kröcher, 日本語)', async () => {
    const row = await track(join(a, 'Anna Åslund', 'Kröcher 日本語', '01 Ström.ogg'));
    assert.ok(row, 'found by its Unicode path');
    const body = (await get(`/api/v1/tracks/${row.id}`)).json();
    assert.equal(body.name, 'Ström 東京');
    assert.deepEqual(
      body.artists.map((x: { name: string }) => x.name),
      ['Felix Kröcher'],
    );
    assert.equal(body.album.name, 'Kröcher 日本語');
    assert.deepEqual(
      body.album.artists.map((x: { name: string }) => x.name),
      ['Anna Åslund'],
    );
  });

  test('renaming and moving inside a folder keeps the id and referencing rows', async () => {
    const from = join(a, 'Kate Nash', 'Made of Bricks', '01 Foundations.mp3');
    const before = await track(from);
    await mkdir(join(a, 'Sorted'), { recursive: true });
    const to = join(a, 'Sorted', 'Foundations (renamed).mp3');
    await rename(from, to);
    const counts = await t.library.scan();
    assert.equal(counts.moved, 1);
    assert.equal(counts.added, 0);
    assert.equal(counts.removed, 0);
    const after = await track(to);
    assert.equal(after!.id, before!.id);
    const refs = await sql<{ n: number }>`select count(*) as n from test_refs where track_id = ${before!.id}`.execute(t.database.db);
    assert.equal(Number(refs.rows[0]!.n), 1);
    assert.equal((await get(`/api/v1/tracks/${before!.id}`)).json().name, 'Foundations');
  });

  test('moving between two music folders keeps the id', async () => {
    const from = join(a, 'Robyn', 'Robyn', '01 Be Mine.flac');
    const before = await track(from);
    await mkdir(join(b, 'Robyn'), { recursive: true });
    await copyFile(from, join(b, 'Robyn', 'Be Mine.flac'));
    await rm(from);
    const counts = await t.library.scan();
    assert.equal(counts.moved, 1);
    assert.equal((await track(join(b, 'Robyn', 'Be Mine.flac')))!.id, before!.id);
  });

  test('deleting a file hides it; restoring it between scans brings the same id back', async () => {
    const path = join(a, 'Kate Nash', 'Made of Bricks', '02 Mouthwash.mp3');
    const before = await track(path);
    await copyFile(path, join(spare, 'keep.mp3'));
    await rm(path);
    assert.equal((await t.library.scan()).removed, 1);
    assert.equal((await get(`/api/v1/tracks/${before!.id}`)).statusCode, 404);
    assert.equal(await t.catalog.trackFile(before!.id), undefined);
    // restored elsewhere, under another name
    await copyFile(join(spare, 'keep.mp3'), join(b, 'Mouthwash again.mp3'));
    const counts = await t.library.scan();
    assert.equal(counts.moved, 1);
    assert.equal(counts.added, 0);
    assert.equal((await get(`/api/v1/tracks/${before!.id}`)).statusCode, 200);
    assert.equal((await t.catalog.trackFile(before!.id))!.path, join(b, 'Mouthwash again.mp3'));
  });

  test('an edited tag updates the same track', async () => {
    const path = join(a, 'Sorted', 'Foundations (renamed).mp3');
    const before = await track(path);
    await generateTone({
      path,
      format: 'mp3v24',
      seconds: 1,
      frequency: 300,
      tags: { artist: 'Kate Nash', album_artist: 'Kate Nash', album: 'Made of Bricks', title: 'Foundations (Live)', track: '1/2', date: '2010' },
    });
    const counts = await t.library.scan();
    assert.equal(counts.updated, 1);
    assert.equal(counts.tags_read, 1);
    const body = (await get(`/api/v1/tracks/${before!.id}`)).json();
    assert.equal(body.name, 'Foundations (Live)');
  });

  test('bus events name what changed', async () => {
    const seen: { type: string; data: unknown }[] = [];
    const stop = t.events.subscribe((e) => seen.push(e));
    const path = join(b, 'Mouthwash again.mp3');
    const id = (await track(path))!.id;
    await rm(path);
    await t.library.scan();
    stop();
    const change = seen.find((e) => e.type === 'catalog.changed')?.data as { removed: { tracks: string[] } };
    assert.deepEqual(change.removed.tracks, [id]);
  });
});
