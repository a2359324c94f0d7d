import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { listenLocally, testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { eventually, ffmpegChildren, folderTrackFiles, generateAudio } from './testing.ts';

describe('sharing, limiting and stopping ffmpeg', () => {
  let t: TestApp;
  let dir: string;
  let user: TestUser;
  let base: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runnel-sharing-'));
    await Promise.all([
      generateAudio(join(dir, 'short.flac'), 'noise', 30, ['-c:a', 'flac']),
      generateAudio(join(dir, 'long.flac'), 'tone', 600, ['-c:a', 'flac']), // ~4 s of encoding at 320 kbps
    ]);
    // These tests count ffmpeg processes per job; warm spares (spares.test.ts) would add to them.
    t = await testApp({ streaming: { files: await folderTrackFiles(dir), maxTranscodes: 2, maxQueue: 1, transcodeSpares: 0 } });
    user = await t.makeUser({ product: 'premium' });
    const origin = await listenLocally(t);
    base = `${origin}/api/v1/tracks`;
  });
  after(async () => {
    await t.close();
    assert.deepEqual(ffmpegChildren(), [], 'closing the app leaves no ffmpeg');
    rmSync(dir, { recursive: true, force: true });
  });

  const stats = () => t.streaming.stats();

  /** Starts a request and resolves once its first body bytes arrive; abort() hangs up (closes the socket). */
  function listen(query: string): Promise<{ abort: () => void; next: () => Promise<Buffer> }> {
    return new Promise((resolve, reject) => {
      const request = get(`${base}/${query}`, { headers: user.auth, agent: false }, (response) => {
        if (response.statusCode !== 200) return reject(new Error(`status ${response.statusCode}`));
        response.once('data', (chunk: Buffer) => {
          assert.ok(chunk.length > 0);
          response.pause();
          resolve({
            abort: () => request.destroy(),
            next: () =>
              new Promise((r) => {
                response.once('data', r);
                response.resume();
              }),
          });
        });
      });
      request.on('error', reject);
    });
  }

  test('twenty simultaneous requests for one uncached transcode start one ffmpeg', async () => {
    const before = stats().spawned;
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, ffmpegChildren().length)), 5);
    const bodies = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const response = await fetch(`${base}/short/stream?format=opus&bitrate=128`, { headers: user.auth });
        assert.equal(response.status, 200);
        return createHash('sha256')
          .update(Buffer.from(await response.arrayBuffer()))
          .digest('hex');
      }),
    );
    clearInterval(watch);
    assert.equal(stats().spawned - before, 1, 'one process started, by the transcoder count');
    assert.equal(most, 1, 'at most one ffmpeg child seen in /proc');
    assert.equal(new Set(bodies).size, 1, 'every listener got the same bytes');
    await eventually(() => stats().jobs === 0, 'the job to finish');
  });

  test('listeners who disconnect mid-transcode leave no ffmpeg behind', async () => {
    const before = stats().spawned;
    const a = await listen('long/stream?format=mp3&bitrate=320');
    const b = await listen('long/stream?format=mp3&bitrate=320');
    assert.equal(stats().spawned - before, 1, "the second listener shares the first one's process");
    assert.equal(ffmpegChildren().length, 1);
    a.abort();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(ffmpegChildren().length, 1, 'one listener left: the other still needs it');
    assert.ok((await b.next()).length > 0, 'the remaining listener still receives');
    b.abort();
    await eventually(() => ffmpegChildren().length === 0, 'ffmpeg to be killed when its last listener left');
    // The process is gone from /proc a moment before Node hears of its exit and frees its slot.
    await eventually(() => stats().running === 0 && stats().jobs === 0, 'its slot and job to be freed');
  });

  test('the process limit queues transcodes, refuses beyond the queue, and a queued listener can leave', async () => {
    const one = await listen('long/stream?format=mp3&bitrate=128');
    const two = await listen('long/stream?format=mp3&bitrate=192');
    assert.equal(stats().running, 2);
    const queued = get(`${base}/long/stream?format=mp3&bitrate=256`, { headers: user.auth, agent: false });
    queued.on('error', () => {});
    await eventually(() => stats().queued === 1, 'the third transcode to wait');
    const refused = await fetch(`${base}/long/stream?format=vorbis&bitrate=128`, { headers: user.auth });
    assert.equal(refused.status, 503);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'transcode_busy');
    assert.equal(refused.headers.get('retry-after'), '2');
    queued.destroy();
    await eventually(() => stats().queued === 0, 'the queued listener to leave the queue');
    assert.equal(ffmpegChildren().length, 2, 'nothing was started for the listener who left the queue');
    one.abort();
    two.abort();
    await eventually(() => ffmpegChildren().length === 0 && stats().running === 0, 'every ffmpeg to stop');
  });

  test('a queued transcode starts when a slot frees', async () => {
    const one = await listen('long/stream?format=opus&bitrate=96');
    const two = await listen('long/stream?format=opus&bitrate=112');
    const third = listen('long/stream?format=opus&bitrate=128');
    await eventually(() => stats().queued === 1, 'the third transcode to wait');
    one.abort();
    const started = await third;
    assert.equal(stats().running, 2);
    two.abort();
    started.abort();
    await eventually(() => ffmpegChildren().length === 0, 'every ffmpeg to stop');
  });
});
