import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { folderTrackFiles, generateAudio } from './testing.ts';

describe('pacing of long responses', () => {
  let t: TestApp;
  let dir: string;
  let user: TestUser;
  let base: string;
  let bytes: Buffer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runnel-pacing-'));
    await generateAudio(join(dir, 'long.mp3'), 'tone', 40, ['-ac', '2', '-c:a', 'libmp3lame', '-b:a', '320k']); // 1.6 MB
    bytes = readFileSync(join(dir, 'long.mp3'));
    // 16× real time: 640 kB/s after the 384 KiB burst, so the whole file takes about 2 s.
    t = await testApp({ streaming: { files: await folderTrackFiles(dir), paceFactor: 16 } });
    user = await t.makeUser({ product: 'premium' });
    await t.http.listen({ port: 0, host: '127.0.0.1' });
    const address = t.http.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/tracks/long/stream`;
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the burst comes at once, the rest no faster than the pace, every byte intact', async () => {
    const started = performance.now();
    const response = await fetch(base, { headers: user.auth });
    const reader = response.body!.getReader();
    const chunks: Buffer[] = [];
    let firstBurstAt = 0;
    let received = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks.push(Buffer.from(value));
      received += value.length;
      if (!firstBurstAt && received >= 384 * 1024) firstBurstAt = performance.now() - started;
    }
    const elapsed = (performance.now() - started) / 1000;
    assert.ok(Buffer.concat(chunks).equals(bytes));
    assert.ok(firstBurstAt < 1000, `the burst took ${firstBurstAt} ms`);
    const floor = (bytes.length - 384 * 1024) / ((320_000 * 16) / 8);
    assert.ok(elapsed >= floor * 0.9, `${elapsed.toFixed(2)} s for the whole file; the pace allows no less than ${floor.toFixed(2)} s`);
    assert.ok(elapsed < floor + 5, `${elapsed.toFixed(2)} s: far slower than the pace`);
  });

  test('a bounded range is not paced; an open-ended one is', async () => {
    let started = performance.now();
    const bounded = await fetch(base, { headers: { ...user.auth, range: `bytes=1000-${bytes.length - 1}` } });
    assert.equal(bounded.status, 206);
    assert.ok(Buffer.from(await bounded.arrayBuffer()).equals(bytes.subarray(1000)));
    assert.ok(performance.now() - started < 1000, 'bytes=a-b: the client does its own chunking');
    started = performance.now();
    const open = await fetch(base, { headers: { ...user.auth, range: 'bytes=1000-' } });
    assert.ok(Buffer.from(await open.arrayBuffer()).equals(bytes.subarray(1000)));
    assert.ok(performance.now() - started > 1000, 'bytes=N-: paced like the whole file');
  });
});
