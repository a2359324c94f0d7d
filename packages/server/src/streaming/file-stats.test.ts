import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { BlockCache, fileKey } from './blocks.ts';
import { FileStats, type FileInfo } from './file-stats.ts';
import { sendFile } from './send.ts';

const dir = mkdtempSync(join(tmpdir(), 'runnel-file-stats-'));
after(() => rmSync(dir, { recursive: true, force: true }));
/**
 * Lets the watch's event arrive: it comes through the event loop's I/O phase, as a request
 * does. A timer alone can run before that phase on a busy machine; an immediate after it
 * runs only once the I/O phase has been through.
 */
const settle = async () => {
  await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setImmediate(resolve));
};

describe('FileStats', () => {
  test('keeps a stat until the file is written, replaced or deleted', async () => {
    const stats = new FileStats(10, 60_000); // no re-check by age here: only the watch can tell
    const path = join(dir, 'a.mp3');
    writeFileSync(path, 'abc');
    const first = await stats.info(path);
    assert.equal(first.size, 3);
    assert.equal(stats.info(path), first, 'kept: no stat, no promise');

    writeFileSync(path, 'abcd');
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    await settle();
    const written = await stats.info(path);
    assert.equal(written.size, 4);
    assert.notEqual(written.etag, first.etag);

    writeFileSync(`${path}.tmp`, 'abcde');
    renameSync(`${path}.tmp`, path);
    await settle();
    assert.equal((await stats.info(path)).size, 5, 'a file replaced by a rename');

    unlinkSync(path);
    await settle();
    await assert.rejects(async () => stats.info(path), { code: 'ENOENT' });
    stats.close();
  });

  test('checks a kept stat again after maxAge, and refuses what is not a file', async () => {
    const stats = new FileStats(10, 0);
    const path = join(dir, 'b.mp3');
    writeFileSync(path, 'abc');
    const first = await stats.info(path);
    assert.notEqual(stats.info(path), first, 'older than maxAge: stat()ed again');
    await assert.rejects(async () => stats.info(dir), { code: 'ENOENT' });
    stats.close();
  });
});

describe('sendFile', () => {
  test('a kept stat that no longer matches the file is re-checked before anything is sent', async () => {
    const path = join(dir, 'c.mp3');
    writeFileSync(path, 'new bytes');
    const real = new FileStats();
    const fresh = await real.info(path);
    const stale: FileInfo = { ...fresh, size: 3, mtimeMs: 1000, etag: '"old"', key: fileKey(path, 3, 1000) };
    let forgotten = false;
    const stats = { info: (p: string) => (forgotten ? real.info(p) : stale), forget: () => void (forgotten = true) };
    const reply = await sendFile({ blocks: new BlockCache(1024 ** 2), stats }, path, 'audio/mpeg', { method: 'GET' });
    assert.ok(forgotten);
    assert.equal(reply.headers.etag, fresh.etag);
    assert.equal(Buffer.concat(reply.chunks!).toString(), 'new bytes');
    real.close();
  });
});

describe('BlockCache', () => {
  test('stays within its bytes; a block hit since it last came round outlives colder ones', async () => {
    const path = join(dir, 'd.mp3');
    writeFileSync(path, Buffer.alloc(8 * 1024, 1));
    const stats = new FileStats();
    const info = await stats.info(path);
    const file = { path, size: info.size, mtimeMs: info.mtimeMs, key: info.key };
    const cache = new BlockCache(3 * 1024, 1024);
    for (let block = 0; block < 3; block++) await cache.slices(file, block * 1024, block * 1024);
    await cache.slices(file, 0, 0); // block 0 hit
    await cache.slices(file, 3 * 1024, 3 * 1024); // block 3 comes in: block 1 goes, not block 0
    assert.equal(cache.bytes, 3 * 1024);
    const hits = (index: number) => cache.block(() => Promise.reject(new Error('read from disk')), file.key, file.size, index);
    await hits(0);
    await hits(2);
    await hits(3);
    await assert.rejects(hits(1), /read from disk/);
    stats.close();
  });
});
