import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { listenLocally, testApp, type TestUser } from '../testing/app.ts';
import { folderTrackFiles, generateAudio } from './testing.ts';

/** A listening server with a 40 s, 320 kbps MP3 (1.6 MB) at `base` (and any `extra` files beside it), streaming as told. */
async function pacingServer(streaming: { paceFactor?: number; paceAbove: number }, extra: (dir: string) => Promise<void> = async () => {}) {
  const dir = mkdtempSync(join(tmpdir(), 'runnel-pacing-'));
  await generateAudio(join(dir, 'long.mp3'), 'tone', 40, ['-ac', '2', '-c:a', 'libmp3lame', '-b:a', '320k']);
  await extra(dir);
  const t = await testApp({ streaming: { files: await folderTrackFiles(dir), ...streaming } });
  const user = await t.makeUser({ product: 'premium' });
  const origin = await listenLocally(t);
  return {
    t,
    user,
    bytes: readFileSync(join(dir, 'long.mp3')),
    base: `${origin}/api/v1/tracks/long/stream`,
    async close() {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('pacing of long responses on a busy server', () => {
  let server: Awaited<ReturnType<typeof pacingServer>>;
  let user: TestUser;
  let base: string;
  let bytes: Buffer;

  before(async () => {
    // 16× real time: 640 kB/s after the 384 KiB burst, so the whole file takes about 2 s;
    // busy from the first long response on.
    server = await pacingServer({ paceFactor: 16, paceAbove: 0 });
    ({ user, base, bytes } = server);
  });
  after(() => server.close());

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

describe('an idle server does not pace', () => {
  let server: Awaited<ReturnType<typeof pacingServer>>;
  let user: TestUser;
  let base: string;
  let bytes: Buffer;

  before(async () => {
    // The default pace (1.5× the bitrate) would take about 20 s for the 1.6 MB file; a busy server is one sending more than 2.
    server = await pacingServer({ paceAbove: 2 }, async (dir) => {
      // Long enough that a listener reading slowly keeps its response open past the socket buffers.
      await generateAudio(join(dir, 'held.mp3'), 'tone', 300, ['-ac', '2', '-c:a', 'libmp3lame', '-b:a', '320k']); // 12 MB
    });
    ({ user, base, bytes } = server);
  });
  after(() => server.close());

  const download = async (headers: Record<string, string> = {}) => {
    const started = performance.now();
    const response = await fetch(base, { headers: { ...user.auth, ...headers } });
    const body = Buffer.from(await response.arrayBuffer());
    return { body, ms: performance.now() - started };
  };

  test('a whole file, and an open-ended range, arrive as fast as the client takes them', async () => {
    const whole = await download();
    assert.ok(whole.body.equals(bytes));
    // Generous for a loaded CI machine; bench/stream has the tight figure.
    assert.ok(whole.ms < 3000, `${whole.ms.toFixed(0)} ms for 1.6 MB on an idle server`);
    const open = await download({ range: 'bytes=1000-' });
    assert.ok(open.body.equals(bytes.subarray(1000)));
    assert.ok(open.ms < 3000, `${open.ms.toFixed(0)} ms for bytes=1000-`);
    console.log(`idle server: whole file ${whole.ms.toFixed(0)} ms, bytes=1000- ${open.ms.toFixed(0)} ms`);
  });

  test('once more long responses are being sent than the server calls busy, they are paced', async () => {
    // Two listeners that read slowly keep their responses open; a third makes the server busy.
    const stop = new AbortController();
    for (let i = 0; i < 2; i++) {
      const held = await fetch(base.replace('/long/', '/held/'), { headers: user.auth, signal: stop.signal });
      await held.body!.getReader().read();
    }
    // Paced at 1.5× 320 kbps, the rest of the file after the burst takes about 20 s: not done after 3 s.
    let done = false;
    const third = fetch(base, { headers: user.auth, signal: stop.signal })
      .then((r) => r.arrayBuffer())
      .then(
        () => (done = true),
        () => {},
      );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.equal(done, false, 'a third long response on a busy server is paced');
    stop.abort();
    await third;
  });
});
