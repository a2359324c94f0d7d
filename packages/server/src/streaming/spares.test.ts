import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { TARGETS } from './formats.ts';
import { SparePool } from './spares.ts';
import { eventually, ffmpegChildren, folderTrackFiles, generateAudio, probe } from './testing.ts';
import { outputArgs } from './transcoder.ts';
import { requireTool } from '../tools/tools.ts';

const run = promisify(execFile);

/** The audio a file decodes to, as a hash: Ogg streams differ run to run (serial numbers), the sound must not. */
async function decodedHash(path: string): Promise<string> {
  const { stdout } = await run(requireTool('ffmpeg'), ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', path, '-f', 's16le', '-'], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 ** 2,
  });
  return createHash('sha256').update(stdout).digest('hex');
}

describe('warm ffmpeg spares', () => {
  let t: TestApp;
  let dir: string;
  let out: string;
  let user: TestUser;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runnel-spares-'));
    out = mkdtempSync(join(tmpdir(), 'runnel-spares-out-'));
    await generateAudio(join(dir, 'first.flac'), 'noise', 8, ['-c:a', 'flac']);
    copyFileSync(join(dir, 'first.flac'), join(dir, 'second.flac')); // same sound, another track
    copyFileSync(join(dir, 'first.flac'), join(dir, 'third.flac'));
    t = await testApp({ streaming: { files: await folderTrackFiles(dir) } });
    user = await t.makeUser({ product: 'premium' });
  });
  after(async () => {
    await t.close();
    await eventually(() => ffmpegChildren().length === 0, 'closing the app to leave no ffmpeg, spares included');
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  const stream = async (query: string, name: string) => {
    const response = await t.http.inject({ method: 'GET', url: `/api/v1/tracks/${query}`, headers: user.auth });
    assert.equal(response.statusCode, 200, response.body);
    const path = join(out, name);
    writeFileSync(path, response.rawPayload);
    return path;
  };

  test('the next track in the same format and bitrate starts on a spare and sounds the same as a fresh ffmpeg', async () => {
    const fresh = await stream('first/stream?format=opus&bitrate=96', 'fresh.opus');
    assert.equal(t.streaming.stats().warm, 0);
    await eventually(() => t.streaming.stats().spares === 1, 'a spare for opus at 96 kbps');
    const warm = await stream('second/stream?format=opus&bitrate=96', 'warm.opus');
    assert.equal(t.streaming.stats().warm, 1, 'the second track ran on the spare');
    const info = await probe(warm);
    assert.equal(info.codec, 'opus');
    assert.ok(Math.abs(info.durationS - 8) < 0.1, `duration ${info.durationS}`);
    assert.equal(await decodedHash(warm), await decodedHash(fresh));
    await eventually(() => t.streaming.stats().spares === 1, 'a new spare in place of the one used');
  });

  test('a seek never runs on a spare; spares are kept for the two most recent outputs only', async () => {
    const before = t.streaming.stats().warm;
    await stream('third/stream?format=opus&bitrate=96&offset=2', 'seek.opus');
    assert.equal(t.streaming.stats().warm, before, 'an offset starts a fresh process');
    await stream('third/stream?format=mp3&bitrate=128', 'third.mp3');
    await stream('third/stream?format=aac&bitrate=128', 'third.aac');
    await eventually(() => t.streaming.stats().spares === 2, 'spares for the two latest outputs');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(t.streaming.stats().spares, 2);
    assert.equal(ffmpegChildren().length, 2, 'the evicted spare was stopped');
  });
});

describe('SparePool', () => {
  test('reads a file whose name holds quotes, spaces and non-ASCII letters', async () => {
    const dir = mkdtempSync(join(tmpdir(), "runnel-spare 'pool'-"));
    const input = join(dir, "Don't Stop — Ünïcode 'live'.flac");
    await generateAudio(input, 'tone', 2, ['-c:a', 'flac']);
    const pool = new SparePool({ ffmpegPath: requireTool('ffmpeg'), outputArgs, max: 1 });
    const kind = { target: TARGETS.mp3, bitrate: 128 };
    try {
      pool.prepare(kind);
      const child = pool.take(kind, input)!;
      assert.ok(child, 'the spare was there');
      assert.equal(pool.idle, 0);
      const chunks: Buffer[] = [];
      child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
      const code = await new Promise((resolve) => child.on('close', resolve));
      assert.equal(code, 0);
      writeFileSync(join(dir, 'out.mp3'), Buffer.concat(chunks));
      const info = await probe(join(dir, 'out.mp3'));
      assert.equal(info.codec, 'mp3');
      assert.ok(Math.abs(info.durationS - 2) < 0.1, `duration ${info.durationS}`);
      assert.equal(pool.take(kind, input), undefined, 'used up; nothing prepared since');
    } finally {
      pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a spare unused for idleMs is stopped', async () => {
    const pool = new SparePool({ ffmpegPath: requireTool('ffmpeg'), outputArgs, max: 1, idleMs: 100 });
    pool.prepare({ target: TARGETS.opus, bitrate: 64 });
    assert.equal(pool.idle, 1);
    await eventually(() => pool.idle === 0 && ffmpegChildren().length === 0, 'the idle spare to go');
    pool.close();
  });
});
