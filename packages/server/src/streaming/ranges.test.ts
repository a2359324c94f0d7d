import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { listenLocally, testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { parseRange } from './ranges.ts';
import { folderTrackFiles, generateAudio } from './testing.ts';

describe('parseRange', () => {
  test('reads single, open-ended and suffix ranges', () => {
    assert.deepEqual(parseRange('bytes=0-99', 1000), { kind: 'partial', start: 0, end: 99 });
    assert.deepEqual(parseRange('bytes=990-2000', 1000), { kind: 'partial', start: 990, end: 999 });
    assert.deepEqual(parseRange('bytes=500-', 1000), { kind: 'partial', start: 500, end: 999 });
    assert.deepEqual(parseRange('bytes=-100', 1000), { kind: 'partial', start: 900, end: 999 });
    assert.deepEqual(parseRange('bytes=-5000', 1000), { kind: 'partial', start: 0, end: 999 });
    assert.deepEqual(parseRange(undefined, 1000), { kind: 'full' });
    assert.deepEqual(parseRange('items=0-1', 1000), { kind: 'full' }, 'another unit is ignored');
    assert.deepEqual(parseRange('bytes=0-1,5-9', 1000), { kind: 'full' }, 'several ranges: the whole file');
  });
  test('refuses what cannot be satisfied', () => {
    for (const bad of ['bytes=1000-', 'bytes=1000-1001', 'bytes=5-4', 'bytes=-0', 'bytes=-', 'bytes=abc', 'bytes=1-2-3', 'bytes= x-1']) {
      assert.deepEqual(parseRange(bad, 1000), { kind: 'unsatisfiable' }, bad);
    }
    assert.deepEqual(parseRange('bytes=0-', 0), { kind: 'unsatisfiable' });
  });
});

describe('range serving of originals over the network', () => {
  let t: TestApp;
  let user: TestUser;
  let dir: string;
  let base: string;
  let bytes: Buffer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runnel-ranges-'));
    await generateAudio(join(dir, 'song.mp3'), 'noise', 12, ['-c:a', 'libmp3lame', '-b:a', '128k']);
    bytes = readFileSync(join(dir, 'song.mp3'));
    t = await testApp({ streaming: { files: await folderTrackFiles(dir) } });
    user = await t.makeUser();
    const origin = await listenLocally(t);
    base = `${origin}/api/v1/tracks/song/stream`;
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (headers: Record<string, string> = {}, method = 'GET') => fetch(base, { method, headers: { ...user.auth, ...headers } });

  test('the whole file, with its headers', async () => {
    const response = await get();
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('accept-ranges'), 'bytes');
    assert.equal(response.headers.get('content-type'), 'audio/mpeg');
    assert.equal(response.headers.get('content-length'), String(bytes.length));
    assert.match(response.headers.get('etag') ?? '', /^"[0-9a-f]+-[0-9a-f]+"$/);
    assert.ok(Date.parse(response.headers.get('last-modified') ?? '') > 0);
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(bytes));
  });

  test('hundreds of random ranges return exactly the file bytes', async () => {
    const size = bytes.length;
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 300; i++) {
      const shape = i % 3;
      let header: string;
      let start: number;
      let end: number;
      if (shape === 0) {
        start = random(size);
        const last = start + random(random(4) === 0 ? 2 * size : 64 * 1024); // sometimes past the end
        end = Math.min(size - 1, last);
        header = `bytes=${start}-${last}`;
      } else if (shape === 1) {
        start = random(size);
        end = size - 1;
        header = `bytes=${start}-`;
      } else {
        const suffix = 1 + random(size + 100);
        start = Math.max(0, size - suffix);
        end = size - 1;
        header = `bytes=-${suffix}`;
      }
      const response = await get({ range: header });
      assert.equal(response.status, 206, header);
      assert.equal(response.headers.get('content-range'), `bytes ${start}-${end}/${size}`, header);
      assert.equal(response.headers.get('content-length'), String(end - start + 1), header);
      const body = Buffer.from(await response.arrayBuffer());
      assert.ok(body.equals(bytes.subarray(start, end + 1)), `${header}: bytes differ`);
    }
  });

  test('invalid or unsatisfiable ranges give 416 with the size', async () => {
    for (const header of [`bytes=${bytes.length}-`, `bytes=${bytes.length + 10}-${bytes.length + 20}`, 'bytes=20-10', 'bytes=-0', 'bytes=x-y']) {
      const response = await get({ range: header });
      assert.equal(response.status, 416, header);
      assert.equal(response.headers.get('content-range'), `bytes */${bytes.length}`);
      await response.arrayBuffer();
    }
  });

  test('HEAD headers equal GET headers', async () => {
    for (const range of [undefined, 'bytes=100-199', 'bytes=-50', `bytes=${bytes.length}-`]) {
      const headers: Record<string, string> = range ? { range } : {};
      const [head, getResponse] = [await get(headers, 'HEAD'), await get(headers)];
      await getResponse.arrayBuffer();
      assert.equal(head.status, getResponse.status);
      const pick = (r: Response) => Object.fromEntries([...r.headers].filter(([name]) => !['date', 'x-request-id', 'connection', 'keep-alive'].includes(name)));
      assert.deepEqual(pick(head), pick(getResponse), `range ${range}`);
      assert.equal((await head.arrayBuffer()).byteLength, 0);
    }
  });

  test('If-None-Match gives 304; If-Range with a stale validator gives the whole file', async () => {
    const etag = (await get({}, 'HEAD')).headers.get('etag')!;
    const lastModified = (await get({}, 'HEAD')).headers.get('last-modified')!;
    assert.equal((await get({ 'if-none-match': etag })).status, 304);
    assert.equal((await get({ 'if-none-match': '"other"' }, 'HEAD')).status, 200);
    const current = await get({ range: 'bytes=0-9', 'if-range': etag });
    assert.equal(current.status, 206);
    await current.arrayBuffer();
    const byDate = await get({ range: 'bytes=0-9', 'if-range': lastModified });
    assert.equal(byDate.status, 206);
    await byDate.arrayBuffer();
    const stale = await get({ range: 'bytes=0-9', 'if-range': '"stale-etag"' });
    assert.equal(stale.status, 200);
    assert.equal((await stale.arrayBuffer()).byteLength, bytes.length);
  });

  test('a file rewritten in place is served as it now is, never from stale cached blocks', async () => {
    const path = join(dir, 'song.mp3');
    const before = Buffer.from(await (await get()).arrayBuffer());
    const changed = Buffer.from(before.map((b) => 255 - b)); // same size, other bytes
    writeFileSync(path, changed);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    const after = await get({ range: 'bytes=1000-300000' });
    assert.equal(after.status, 206);
    assert.ok(Buffer.from(await after.arrayBuffer()).equals(changed.subarray(1000, 300001)));
    writeFileSync(path, bytes);
  });

  test('an unknown track is 404, and no credentials is 401', async () => {
    const missing = await fetch(base.replace('/song/', '/nosuch/'), { headers: user.auth });
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'track_not_found');
    assert.equal((await fetch(base)).status, 401);
    assert.equal((await fetch(base, { method: 'HEAD' })).status, 401);
  });
});
