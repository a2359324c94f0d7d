import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { generateTone } from './generate.ts';

/** Polls until `check` returns a value, or fails after `ms`. */
async function within<T>(ms: number, check: () => Promise<T | undefined>): Promise<{ value: T; elapsed: number }> {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return { value, elapsed: Date.now() - start };
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('watch mode', () => {
  let t: TestApp;
  let u: TestUser;
  let music: string;
  let outside: string;
  const titles = async () => {
    const albums = (await t.http.inject({ method: 'GET', url: '/api/v1/albums?limit=50', headers: u.auth })).json();
    const out: string[] = [];
    for (const album of albums.items) {
      const response = await t.http.inject({ method: 'GET', url: `/api/v1/albums/${album.id}/tracks?limit=50`, headers: u.auth });
      // The watcher may remove the album between the two requests: then it has no titles.
      if (response.statusCode === 404) continue;
      out.push(...response.json().items.map((x: { name: string }) => x.name));
    }
    return out.sort();
  };

  before(async () => {
    t = await testApp();
    u = await t.makeUser();
    music = await mkdtemp(join(tmpdir(), 'runnel-watch-'));
    outside = await mkdtemp(join(tmpdir(), 'runnel-outside-'));
    await generateTone({
      path: join(music, 'Robyn', 'Be Mine.mp3'),
      format: 'mp3v24',
      seconds: 1,
      tags: { title: 'Be Mine!', artist: 'Robyn', album: 'Robyn' },
    });
    await generateTone({
      path: join(outside, 'Zebra.flac'),
      format: 'flac',
      seconds: 1,
      frequency: 500,
      tags: { title: 'Zebra', artist: 'Beach House', album: 'Teen Dream' },
    });
    await generateTone({
      path: join(outside, 'Norway.ogg'),
      format: 'ogg',
      seconds: 1,
      frequency: 600,
      tags: { title: 'Norway', artist: 'Beach House', album: 'Teen Dream' },
    });
    await t.library.start({ music: [music], debounceMs: 300 });
    assert.deepEqual(await titles(), ['Be Mine!']);
  });
  after(async () => {
    await t.close();
    await rm(music, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  test('a file copied in appears via the API within 5 s', async () => {
    await copyFile(join(outside, 'Zebra.flac'), join(music, 'Zebra.flac'));
    const { elapsed } = await within(5000, async () => ((await titles()).includes('Zebra') ? true : undefined));
    assert.ok(elapsed < 5000, `${elapsed} ms`);
  });

  test('a new directory with a file in it is picked up', async () => {
    await mkdir(join(music, 'Beach House', 'Teen Dream'), { recursive: true });
    await copyFile(join(outside, 'Norway.ogg'), join(music, 'Beach House', 'Teen Dream', 'Norway.ogg'));
    await within(5000, async () => ((await titles()).includes('Norway') ? true : undefined));
  });

  test('a renamed file keeps its id; a deleted one disappears', async () => {
    const before = await t.catalog.trackByPath(join(music, 'Zebra.flac'));
    await rename(join(music, 'Zebra.flac'), join(music, 'Beach House', 'Zebra.flac'));
    const { value } = await within(5000, async () => (await t.catalog.trackByPath(join(music, 'Beach House', 'Zebra.flac'))) ?? undefined);
    assert.equal(value.id, before!.id);
    await rm(join(music, 'Beach House', 'Zebra.flac'));
    await within(5000, async () => (!(await titles()).includes('Zebra') ? true : undefined));
    const gone = await t.http.inject({ method: 'GET', url: `/api/v1/tracks/${before!.id}`, headers: u.auth });
    assert.equal(gone.statusCode, 404);
  });

  test('a directory removed and brought back', async () => {
    await rename(join(music, 'Beach House'), join(outside, 'Beach House'));
    await within(5000, async () => (!(await titles()).includes('Norway') ? true : undefined));
    await rename(join(outside, 'Beach House'), join(music, 'Beach House'));
    await within(5000, async () => ((await titles()).includes('Norway') ? true : undefined));
  });

  test('the music folder itself disappearing and coming back', async () => {
    const before = await t.catalog.trackByPath(join(music, 'Robyn', 'Be Mine.mp3'));
    await rename(music, `${music}.away`);
    await within(5000, async () => (!(await titles()).includes('Be Mine!') ? true : undefined));
    await rename(`${music}.away`, music);
    await within(8000, async () => ((await titles()).includes('Be Mine!') ? true : undefined));
    assert.equal((await t.catalog.trackByPath(join(music, 'Robyn', 'Be Mine.mp3')))!.id, before!.id);
    // and it is watched again
    await copyFile(join(outside, 'Zebra.flac'), join(music, 'Zebra again.flac'));
    await within(5000, async () => ((await titles()).includes('Zebra') ? true : undefined));
  });

  test('scan status says it is watching', async () => {
    const { value: status } = await within(5000, async () => {
      const body = (await t.http.inject({ method: 'GET', url: '/api/v1/library/scan', headers: u.auth })).json();
      return body.state === 'idle' ? body : undefined;
    });
    assert.equal(status.watching, true);
    assert.equal(status.kind, 'watch');
    assert.equal(status.issue_count, 0);
  });
});
