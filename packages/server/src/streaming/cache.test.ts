import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { createTranscodeCache } from './cache.ts';
import { eventually, folderTrackFiles, generateAudio, probe } from './testing.ts';

const CAP = 700 * 1024;

/** Bytes of finished transcodes on disk (what the cap is about). */
function onDisk(dir: string): number {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile())
    .reduce((sum, d) => sum + statSync(join(dir, d.name)).size, 0);
}

describe('the transcode cache', () => {
  let t: TestApp;
  let dir: string;
  let user: TestUser;
  let cacheDir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runnel-cache-'));
    await generateAudio(join(dir, 'noise.flac'), 'noise', 20, ['-c:a', 'flac']);
    t = await testApp({ streaming: { files: await folderTrackFiles(dir), cacheMaxBytes: CAP } });
    cacheDir = join(t.dataDir, 'transcodes');
    user = await t.makeUser({ product: 'premium' });
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const transcode = async (kbps: number) => {
    const response = await t.http.inject({ method: 'GET', url: `/api/v1/tracks/noise/stream?format=mp3&bitrate=${kbps}`, headers: user.auth });
    assert.equal(response.statusCode, 200);
    await eventually(() => t.streaming.stats().jobs === 0, 'the transcode to be filed');
    return response;
  };

  test('never exceeds its cap, and rebuilds an evicted transcode on demand', async () => {
    const first = await transcode(96); // ~240 kB each step, growing
    for (const kbps of [112, 128, 160, 192, 96, 224, 128]) {
      await transcode(kbps);
      assert.ok(onDisk(cacheDir) <= CAP, `${onDisk(cacheDir)} bytes on disk after ${kbps} kbps, cap ${CAP}`);
      assert.ok(t.streaming.stats().cache.bytes <= CAP);
    }
    // 96 kbps was evicted long ago by 192/224: asking again runs ffmpeg again, with the same result.
    const before = t.streaming.stats().spawned;
    const again = await transcode(96);
    const spawnedFor96 = t.streaming.stats().spawned - before;
    assert.equal(spawnedFor96, 1, 'evicted: ffmpeg ran again');
    const rebuilt = await transcode(96);
    assert.equal(rebuilt.headers['accept-ranges'], 'bytes', 'served from the cache once rebuilt');
    assert.equal(rebuilt.rawPayload.length, first.rawPayload.length);
    assert.equal(again.rawPayload.length, first.rawPayload.length);
    assert.ok(onDisk(cacheDir) <= CAP);
    const path = join(dir, 'rebuilt.mp3');
    writeFileSync(path, rebuilt.rawPayload);
    assert.ok(Math.abs((await probe(path)).durationS - 20) <= 1);
  });

  test('an evicted entry is transcoded again (counted by spawns)', async () => {
    await transcode(64);
    const before = t.streaming.stats().spawned;
    await transcode(64);
    assert.equal(t.streaming.stats().spawned, before, 'cached: no new process');
    for (const kbps of [200, 210, 220]) await transcode(kbps); // pushes 64 kbps out
    const evicting = t.streaming.stats().spawned;
    await transcode(64);
    assert.equal(t.streaming.stats().spawned, evicting + 1, 'evicted: rebuilt by a new process');
  });
});

describe('the cache index', () => {
  test('is rebuilt from the folder at start, evicting the oldest beyond the cap', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runnel-cache-index-'));
    try {
      const names = ['a', 'b', 'c'].map((c) => `${c.repeat(32)}.mp3`);
      names.forEach((name, i) => {
        writeFileSync(join(dir, name), Buffer.alloc(400));
        utimesSync(join(dir, name), 1000 + i, 1000 + i);
      });
      const cache = createTranscodeCache(dir, 1000);
      assert.deepEqual(cache.usage(), { bytes: 800, entries: 2, maxBytes: 1000 });
      assert.equal(cache.get('a'.repeat(32)), undefined, 'the oldest went');
      assert.ok(cache.get('b'.repeat(32)));
      writeFileSync(join(cache.tmpDir, 'new'), Buffer.alloc(300));
      cache.add('d'.repeat(32), join(cache.tmpDir, 'new'), 'mp3');
      assert.equal(cache.get('c'.repeat(32)), undefined, 'c was least recently used (b was just read)');
      assert.ok(cache.usage().bytes <= 1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
