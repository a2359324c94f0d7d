import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { BusEvent } from '../events/bus.ts';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { folderTrackFiles, generateAudio, probe } from './testing.ts';
import { requireTool } from '../tools/tools.ts';

const run = promisify(execFile);

/** Mean loudness (dBFS) of the first half second of a file, by ffmpeg's volumedetect. */
async function openingLoudness(path: string): Promise<number> {
  const { stderr } = await run(requireTool('ffmpeg'), ['-hide_banner', '-nostdin', '-t', '0.5', '-i', path, '-af', 'volumedetect', '-f', 'null', '-']);
  return Number(/mean_volume: (-?[\d.]+) dB/.exec(stderr)![1]);
}

describe('transcoding', () => {
  let t: TestApp;
  let dir: string;
  let out: string;
  let premium: TestUser;
  let free: TestUser;
  let admin: TestUser;
  const events: BusEvent[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runnel-transcode-'));
    out = mkdtempSync(join(tmpdir(), 'runnel-transcode-out-'));
    await Promise.all([
      generateAudio(join(dir, 'noise.flac'), 'noise', 20, ['-c:a', 'flac']),
      generateAudio(join(dir, 'stairs.flac'), 'staircase', 12, ['-c:a', 'flac']),
      generateAudio(join(dir, 'song.mp3'), 'noise', 10, ['-c:a', 'libmp3lame', '-b:a', '128k']),
    ]);
    t = await testApp({ streaming: { files: await folderTrackFiles(dir) } });
    t.events.subscribe((event) => events.push(event));
    premium = await t.makeUser({ product: 'premium' });
    free = await t.makeUser();
    admin = await t.makeUser({ role: 'admin' });
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  const stream = (user: TestUser, query: string, headers: Record<string, string> = {}) =>
    t.http.inject({ method: 'GET', url: `/api/v1/tracks/${query}`, headers: { ...user.auth, ...headers } });

  for (const [format, kbps, codec, type] of [
    ['opus', 96, 'opus', 'audio/ogg; codecs=opus'],
    ['vorbis', 160, 'vorbis', 'audio/ogg; codecs=vorbis'],
    ['mp3', 320, 'mp3', 'audio/mpeg'],
    ['aac', 128, 'aac', 'audio/aac'],
  ] as const) {
    test(`${format} at ${kbps} kbps is valid per ffprobe`, async () => {
      const response = await stream(premium, `noise/stream?format=${format}&bitrate=${kbps}`);
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['content-type'], type);
      assert.equal(response.headers['x-content-duration'], '20.00');
      const path = join(out, `noise-${format}`);
      writeFileSync(path, response.rawPayload);
      const info = await probe(path);
      assert.equal(info.codec, codec);
      assert.ok(Math.abs(info.bitrate - kbps) <= kbps * 0.1, `bitrate ${info.bitrate} kbps, wanted ${kbps}`);
      assert.ok(Math.abs(info.durationS - 20) <= 1, `duration ${info.durationS} s`);
    });
  }

  test('an offset starts the transcode at that second', async () => {
    const response = await stream(premium, 'stairs/stream?format=mp3&bitrate=192&offset=5');
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['x-content-duration'], '7.00');
    const path = join(out, 'stairs-5.mp3');
    writeFileSync(path, response.rawPayload);
    assert.ok(Math.abs((await probe(path)).durationS - 7) <= 1);
    // Second k of the source has amplitude 0.08·(k+1): a sine's mean power is A²/2.
    const expected = (k: number) => 20 * Math.log10((0.08 * (k + 1)) / Math.SQRT2);
    const loudness = await openingLoudness(path);
    assert.ok(Math.abs(loudness - expected(5)) < 0.7, `opening at ${loudness} dB, second 5 is ${expected(5).toFixed(2)} dB`);
  });

  test('the decision: original when playable and within the tier, else a transcode', async () => {
    const original = await stream(free, 'song/stream');
    assert.equal(original.statusCode, 200);
    assert.equal(original.headers['accept-ranges'], 'bytes');
    assert.equal(original.headers['x-transcode'], undefined, 'a 128 kbps mp3 is sent as it is');

    const lossless = await stream(free, 'noise/stream', { range: 'bytes=0-' });
    assert.equal(lossless.headers['x-transcode'], 'mp3; 160kbps', 'free tier: at most 160 kbps');
    assert.equal(lossless.statusCode, 200, 'a live transcode streams whole');
    const premiumLossless = await stream(premium, 'noise/stream?bitrate=256');
    assert.equal(premiumLossless.headers['x-transcode'], 'mp3; 256kbps');
    const capped = await stream(free, 'noise/stream?format=opus&bitrate=320');
    assert.equal(capped.headers['x-transcode'], 'opus; 160kbps', 'asking for more than the tier allows gets the tier limit');
    const unplayable = await stream(free, 'song/stream?codecs=opus,vorbis');
    assert.equal(unplayable.headers['x-transcode'], 'opus; 128kbps', 'a client that cannot play mp3 gets what it can, not above the original');
  });

  test("an admin changes a plan's bitrate; others may not", async () => {
    const plans = await t.http.inject({ method: 'GET', url: '/api/v1/plans', headers: free.auth });
    assert.deepEqual(
      plans.json().plans.map((p: { id: string; max_bitrate: number }) => [p.id, p.max_bitrate]),
      [
        ['free', 160],
        ['premium', 320],
      ],
    );
    assert.equal(
      (await t.http.inject({ method: 'PATCH', url: '/api/v1/admin/plans/free', headers: free.auth, payload: { max_bitrate: 320 } })).statusCode,
      403,
    );
    const changed = await t.http.inject({ method: 'PATCH', url: '/api/v1/admin/plans/free', headers: admin.auth, payload: { max_bitrate: 96 } });
    assert.equal(changed.json().max_bitrate, 96);
    assert.equal((await stream(free, 'song/stream')).headers['x-transcode'], 'mp3; 96kbps');
    await t.http.inject({ method: 'PATCH', url: '/api/v1/admin/plans/free', headers: admin.auth, payload: { max_bitrate: 160 } });
    assert.equal((await stream(free, 'song/stream')).headers['x-transcode'], undefined);
  });

  test('a finished transcode is served from the cache with ranges', async () => {
    const first = await stream(premium, 'noise/stream?format=aac&bitrate=192');
    assert.equal(first.headers['accept-ranges'], 'none');
    let cached = await stream(premium, 'noise/stream?format=aac&bitrate=192');
    for (let i = 0; i < 50 && cached.headers['accept-ranges'] !== 'bytes'; i++) {
      await new Promise((r) => setTimeout(r, 20)); // the cache entry lands just after the last byte
      cached = await stream(premium, 'noise/stream?format=aac&bitrate=192');
    }
    assert.equal(cached.headers['accept-ranges'], 'bytes');
    assert.equal(cached.headers['content-length'], String(first.rawPayload.length));
    assert.equal(cached.headers['x-content-duration'], '20.00');
    assert.ok(cached.rawPayload.equals(first.rawPayload));
    const part = await stream(premium, 'noise/stream?format=aac&bitrate=192', { range: 'bytes=1000-1999' });
    assert.equal(part.statusCode, 206);
    assert.ok(part.rawPayload.equals(first.rawPayload.subarray(1000, 2000)));
    const status = await t.http.inject({ method: 'GET', url: '/api/v1/admin/streaming/status', headers: admin.auth });
    assert.ok(status.json<{ cache_entries: number }>().cache_entries >= 1);
  });

  test('stream started and finished events carry the bytes sent', async () => {
    events.length = 0;
    const response = await stream(free, 'song/stream', { range: 'bytes=0-999' });
    assert.equal(response.statusCode, 206);
    await new Promise((r) => setTimeout(r, 20));
    const started = events.find((e) => e.type === 'stream.started');
    const finished = events.find((e) => e.type === 'stream.finished');
    assert.deepEqual(started?.users, [free.me.id]);
    assert.equal((started?.data as { kind: string }).kind, 'original');
    assert.equal((finished?.data as { bytes_sent: number; completed: boolean }).bytes_sent, 1000);
    assert.equal((finished?.data as { completed: boolean }).completed, true);
  });
});
