import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { readZip } from './zip-reader.testing.ts';
import { safeZipName, zipSize, zipStream, type ZipEntry } from './zip.ts';

const dir = await mkdtemp(join(tmpdir(), 'runnel-zip-'));
after(() => rm(dir, { recursive: true, force: true }));

const mtime = new Date(2024, 4, 17, 13, 45, 31);
const collect = async (archive: Readable) => Buffer.concat(await archive.toArray());

async function file(name: string, bytes: Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

const hasUnzip = spawnSync('unzip', ['-v']).status === 0;
let checked = 0;

/** Info-ZIP's `unzip -t` must accept the archive too. A machine without unzip skips this check; the in-test reader still runs. */
async function assertUnzipAccepts(zip: Buffer) {
  if (!hasUnzip) return;
  const path = await file(`check-${(checked += 1)}.zip`, zip);
  const result = spawnSync('unzip', ['-t', '-qq', path], { encoding: 'utf8' });
  assert.equal(result.status, 0, `unzip -t: ${result.stdout}${result.stderr}`);
}

test('files stream into an archive readers accept byte for byte, with UTF-8 names and times', async () => {
  const song = randomBytes(200_000);
  const other = randomBytes(70_001);
  const playlist = Buffer.from('#EXTM3U\n01 Sång.flac\n');
  const cover = randomBytes(3000);
  const [songPath, otherPath, emptyPath] = await Promise.all([file('song.flac', song), file('other.mp3', other), file('empty.flac', Buffer.alloc(0))]);
  const entries: ZipEntry[] = [
    { name: 'Öland/01 Sång.flac', mtime, size: song.length, data: () => createReadStream(songPath) },
    { name: 'Öland/02 🎵 Emoji.mp3', mtime, data: async () => createReadStream(otherPath) },
    { name: 'Öland/03 Empty.flac', mtime, size: 0, data: () => createReadStream(emptyPath) },
    { name: 'Öland/playlist.m3u', mtime, bytes: playlist },
    { name: 'Öland/cover.jpg', mtime, bytes: cover },
  ];

  const zip = await collect(zipStream(entries));
  const { entries: read, zip64End } = readZip(zip);

  const expected = [song, other, Buffer.alloc(0), playlist, cover];
  assert.deepEqual(
    read.map((entry) => entry.name),
    ['Öland/01 Sång.flac', 'Öland/02 🎵 Emoji.mp3', 'Öland/03 Empty.flac', 'Öland/playlist.m3u', 'Öland/cover.jpg'],
  );
  assert.ok(
    read.every((entry, i) => entry.data.equals(expected[i] ?? Buffer.alloc(0))),
    'same bytes',
  );
  assert.deepEqual(
    read.map((entry) => entry.crc),
    expected.map((bytes) => crc32(bytes)),
  );
  for (const entry of read) {
    assert.equal(entry.flags, 0x0808, 'data descriptor and UTF-8 flags');
    assert.deepEqual(entry.dosTime, new Date(2024, 4, 17, 13, 45, 30), 'DOS time holds even seconds');
    assert.equal(entry.unixSeconds, Math.floor(mtime.getTime() / 1000));
  }
  assert.deepEqual(
    read.map((entry) => entry.wideLocal),
    [false, true, false, false, false],
    'only the file of unknown size gets 64-bit sizes',
  );
  assert.equal(zip64End, false);
  await assertUnzipAccepts(zip);
});

test('entry names are made safe to extract and unique', async () => {
  const cases: [given: string, written: string][] = [
    ['../../etc/passwd', 'etc/passwd'],
    ['/abs', 'abs'],
    ['a\\b', 'a/b'],
    ['nul\u0000and\u001fcontrol\u007f.txt', 'nul_and_control_.txt'],
    ['..', 'unnamed'],
    ['Track.mp3', 'Track.mp3'],
    ['track.mp3', 'track (2).mp3'],
    ['Track.mp3', 'Track (3).mp3'],
    ['README', 'README'],
    ['README', 'README (2)'],
    ['dir/.hidden', 'dir/.hidden'],
    ['dir/.hidden', 'dir/.hidden (2)'],
    ['a.b/c', 'a.b/c'],
    ['a.b/c', 'a.b/c (2)'],
    ['Sa\u0301ng.flac', 'Sa\u0301ng.flac'], // decomposed "á", as macOS writes it
    ['Sáng.flac', 'Sáng (2).flac'],
  ];
  const zip = await collect(zipStream(cases.map(([name]) => ({ name, mtime, bytes: Buffer.from(name) }))));
  const read = readZip(zip).entries;

  assert.deepEqual(
    read.map((entry) => entry.name),
    cases.map(([, written]) => written),
  );
  assert.deepEqual(
    read.map((entry) => entry.data.toString()),
    cases.map(([given]) => given),
    'each entry keeps its content',
  );
  for (const { name } of read) {
    // What yauzl refuses, and what would escape the folder an archive is extracted into.
    assert.ok(!name.startsWith('/') && !name.includes('\\') && !/^[a-z]:/i.test(name) && !name.split('/').includes('..'), name);
  }
  assert.equal(safeZipName('./a//b/./c'), 'a/b/c');
  await assertUnzipAccepts(zip);
});

test('zipSize is the exact length of the archive when every size is known', async () => {
  const path = await file('sized.bin', randomBytes(50_000));
  const entries: ZipEntry[] = [
    { name: 'Ö/a.flac', mtime, size: 50_000, data: () => createReadStream(path) },
    { name: 'ö/A.flac', mtime, size: 50_000, data: () => createReadStream(path) },
    { name: '../🎵.m3u', mtime, bytes: Buffer.from('a.flac\n') },
    { name: 'empty', mtime, bytes: new Uint8Array() },
  ];
  for (const zip64From of [undefined, 1000, 1]) {
    const zip = await collect(zipStream(entries, { zip64From }));
    readZip(zip);
    assert.equal(zipSize(entries, { zip64From }), zip.length, `zip64From ${zip64From}`);
  }
  assert.equal(zipSize([{ name: 'a', size: 5 }]), 30 + 1 + 9 + 5 + 16 + 46 + 1 + 9 + 22);
  assert.equal(zipSize([...entries, { name: 'x', mtime, data: () => createReadStream(path) }]), undefined, 'a size is unknown');
});

test('ZIP64 fields are written past the 32-bit limit (lowered here) and readers accept them', async () => {
  const big = randomBytes(5000);
  const path = await file('zip64.bin', big);
  const near = Buffer.from('under the limit');
  const far = Buffer.from('small, but written past the limit');
  const entries: ZipEntry[] = [
    { name: 'near.txt', mtime, bytes: near },
    { name: 'big.flac', mtime, size: big.length, data: () => createReadStream(path) },
    { name: 'unsized.flac', mtime, data: () => createReadStream(path) },
    { name: 'far.txt', mtime, bytes: far },
  ];

  const zip = await collect(zipStream(entries, { zip64From: 1000 }));
  const { entries: read, zip64End } = readZip(zip);

  assert.equal(zip64End, true, 'the central directory starts past the limit');
  assert.deepEqual(
    read.map((entry) => entry.data),
    [near, big, big, far],
  );
  assert.deepEqual(
    read.map((entry) => entry.wideLocal),
    [false, true, true, false],
    'a ZIP64 local field (and 8-byte descriptor) for sizes not known to fit',
  );
  assert.deepEqual(
    read.map((entry) => entry.zip64Central),
    [
      { sizes: false, offset: false },
      { sizes: true, offset: false },
      { sizes: true, offset: true },
      { sizes: false, offset: true },
    ],
  );
  assert.deepEqual(
    read.map((entry) => entry.versionNeeded),
    [20, 45, 45, 45],
  );
  await assertUnzipAccepts(zip);
});

test('more than 65535 entries get a ZIP64 end record', async () => {
  const entries = Array.from({ length: 0x10001 }, (_, i) => ({ name: `${i}.txt`, mtime, bytes: new Uint8Array() }));
  const zip = await collect(zipStream(entries));
  const { entries: read, zip64End } = readZip(zip);
  assert.equal(zip64End, true);
  assert.equal(read.length, 0x10001);
  assert.equal(read.at(-1)?.name, '65536.txt');
  assert.equal(zipSize(entries), zip.length);
  await assertUnzipAccepts(zip);
});

test('a file is read only as fast as the consumer takes the archive', async () => {
  const chunk = 16 * 1024;
  const total = 2 * 1024 * 1024;
  let produced = 0;
  const source = new Readable({
    highWaterMark: chunk,
    read() {
      if (produced >= total) return void this.push(null);
      produced += chunk;
      this.push(Buffer.alloc(chunk, 1));
    },
  });
  const archive = zipStream([{ name: 'slow.bin', mtime, size: total, data: () => source }]);

  let taken = 0;
  let mostAhead = 0;
  const slowConsumer = new Writable({
    highWaterMark: chunk,
    write(piece: Buffer, _encoding, done) {
      mostAhead = Math.max(mostAhead, produced - taken);
      taken += piece.length;
      setTimeout(done, 1);
    },
  });
  await pipeline(archive, slowConsumer);

  assert.equal(taken, zipSize([{ name: 'slow.bin', size: total }]));
  assert.ok(mostAhead <= 4 * archive.readableHighWaterMark, `read ${mostAhead} bytes ahead of the consumer`);
});

/** Streams a 4 MiB file, handing the test the open file stream. */
async function longFile() {
  const path = await file(`long-${randomBytes(4).toString('hex')}.bin`, randomBytes(4 * 1024 * 1024));
  const opened: { source?: ReadStream } = {};
  const entries: ZipEntry[] = [{ name: 'long.bin', mtime, data: () => (opened.source = createReadStream(path)) }];
  return { entries, opened };
}

async function assertClosed(source: ReadStream | undefined) {
  assert.ok(source, 'the file was opened');
  // A file stream emits 'close' once its descriptor is closed.
  if (!source.closed) await new Promise<void>((resolve) => source.once('close', () => resolve()));
  assert.equal(source.destroyed, true);
}

test('destroying the archive midway (the client went away) closes the file being read', async () => {
  const { entries, opened } = await longFile();
  const archive = zipStream(entries);
  let received = 0;
  for await (const piece of archive as AsyncIterable<Buffer>) {
    received += piece.length;
    if (received > 200_000) break; // leaving the loop destroys the archive
  }
  assert.equal(archive.destroyed, true);
  await assertClosed(opened.source);
});

test('destroying the archive while a file stalls (a slow disk, a network share) destroys that file', async () => {
  let pushed = false;
  const stalled = new Readable({
    read() {
      if (!pushed) this.push(Buffer.alloc(1000));
      pushed = true;
    },
  });
  const archive = zipStream([{ name: 'stalled.flac', mtime, data: () => stalled }]);
  let received = 0;
  for await (const piece of archive as AsyncIterable<Buffer>) {
    received += piece.length;
    if (received > 1000) break; // the archive now waits on the file, which sends nothing more
  }
  assert.equal(stalled.destroyed, true);
});

test('a file that finishes opening after the archive was destroyed is destroyed', async () => {
  const late = new Readable({ read() {} });
  const asked = Promise.withResolvers<void>();
  const opening = Promise.withResolvers<Readable>();
  const archive = zipStream([
    {
      name: 'late.flac',
      mtime,
      data: () => {
        asked.resolve();
        return opening.promise;
      },
    },
  ]);
  archive.resume();
  await asked.promise;
  archive.destroy();
  opening.resolve(late);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(late.destroyed, true);
});

test('aborting the signal fails the archive and closes the file being read', async () => {
  const { entries, opened } = await longFile();
  const controller = new AbortController();
  const archive = zipStream(entries, { signal: controller.signal });
  let received = 0;
  await assert.rejects(
    async () => {
      for await (const piece of archive as AsyncIterable<Buffer>) {
        received += piece.length;
        if (received > 200_000) controller.abort();
      }
    },
    { name: 'AbortError' },
  );
  await assertClosed(opened.source);
});

test('a file that cannot be opened fails the archive instead of ending it broken', async () => {
  const ok = { name: 'ok.txt', mtime, bytes: Buffer.from('ok') };
  const missing = zipStream([ok, { name: 'gone.flac', mtime, data: () => createReadStream(join(dir, 'missing.flac')) }]);
  await assert.rejects(collect(missing), { code: 'ENOENT' });
  const failing = zipStream([ok, { name: 'gone.flac', mtime, data: () => Promise.reject(new Error('no such track')) }]);
  await assert.rejects(collect(failing), /no such track/);
});

test('a file of another length than its entry gave fails the archive', async () => {
  const path = await file('five.bin', Buffer.from('12345'));
  const shorter = zipStream([{ name: 'a', mtime, size: 10, data: () => createReadStream(path) }]);
  await assert.rejects(collect(shorter), /fewer than the 10 bytes/);
  const longer = zipStream([{ name: 'a', mtime, size: 3, data: () => createReadStream(path) }]);
  await assert.rejects(collect(longer), /more than the 3 bytes/);
});
