import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ScanStatus } from '@runnel/api';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { generatePicture, generateTone } from './generate.ts';

/** An ID3v2.3 tag made of the given frames (id + body), before some MPEG audio. */
function id3v23(frames: [string, Buffer][]): Buffer {
  const parts = frames.map(([id, body]) => {
    const header = Buffer.alloc(10);
    header.write(id, 0, 'latin1');
    header.writeUInt32BE(body.length, 4);
    return Buffer.concat([header, body]);
  });
  const content = Buffer.concat(parts);
  const size = content.length;
  const header = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, (size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f]);
  return Buffer.concat([header, content]);
}
const text = (value: string) => Buffer.concat([Buffer.from([3]), Buffer.from(value, 'utf8')]);

describe('a corpus of broken files scans to completion, each failure reported', () => {
  let t: TestApp;
  let u: TestUser;
  let dir: string;
  let good: string;
  /** Each broken file's reason (the English), and the codes it may have. */
  const expected = new Map<string, { reason: RegExp; codes: string[] }>();

  before(async () => {
    t = await testApp();
    u = await t.makeUser({ role: 'admin' });
    dir = await mkdtemp(join(tmpdir(), 'runnel-broken-'));
    good = join(dir, 'good.mp3');
    const plain = join(dir, 'plain.tmp.mp3');
    await generateTone({ path: good, format: 'mp3v24', seconds: 2, tags: { title: 'Good', artist: 'Beach House', album: 'Teen Dream' } });
    await generateTone({ path: plain, format: 'mp3v24', seconds: 2, tags: {} });
    const audio = await readFile(plain);
    const flac = join(dir, 'source.tmp.flac');
    await generateTone({ path: flac, format: 'flac', seconds: 2, tags: { title: 'Zebra' } });
    const picture = join(dir, 'pic.tmp.jpg');
    await generatePicture(picture, 64, 10);

    const add = async (name: string, bytes: Buffer | string, reason: RegExp, codes: string[]) => {
      await writeFile(join(dir, name), bytes);
      expected.set(join(dir, name), { reason, codes });
    };
    const notAudio = ['not_audio', 'no_audio_stream', 'unknown_duration'];
    await add('zero-byte.mp3', Buffer.alloc(0), /empty file/, ['empty_file']);
    await add('truncated-header.flac', (await readFile(flac)).subarray(0, 30), /not readable|no audio/, notAudio);
    await add('text-as-mp3.mp3', 'this is a shopping list, not a song\n'.repeat(50), /not readable|no audio/, notAudio);
    await add('garbage.m4a', randomBytes(64 * 1024), /not readable|no audio/, notAudio);
    // Garbage inside an ID3 tag: the frames are dropped, the audio is fine, so it is added.
    await writeFile(
      join(dir, 'garbage-tags.mp3'),
      Buffer.concat([
        id3v23([
          ['TIT2', randomBytes(3000)],
          ['XXXX', randomBytes(50_000)],
          ['APIC', randomBytes(20)],
        ]),
        audio,
      ]),
    );
    await add(
      'giant-picture.mp3',
      Buffer.concat([
        id3v23([
          ['TIT2', text('Giant picture')],
          ['APIC', Buffer.concat([Buffer.from('\0image/jpeg\0\x03\0', 'latin1'), await readFile(picture), Buffer.alloc(18 * 1024 * 1024)])],
        ]),
        audio,
      ]),
      /picture too large/,
      ['picture_too_large'],
    );
    // Huge but legal tags are fine: the file is added.
    await writeFile(
      join(dir, 'huge-tags.mp3'),
      Buffer.concat([
        id3v23([
          ['TIT2', text('Huge tags')],
          ['TXXX', text(`notes\0${'x'.repeat(4 * 1024 * 1024)}`)],
        ]),
        audio,
      ]),
    );
    // Unreadable permissions: the tests run as root, which reads a mode-000 file anyway, so
    // this one is expected to be added; the EACCES path is covered by the directory below
    // only when not root.
    await copyFile(good, join(dir, 'mode-000.mp3'));
    await chmod(join(dir, 'mode-000.mp3'), 0o000);
    await mkdir(join(dir, 'loop'));
    await symlink('..', join(dir, 'loop', 'back-up'));
    expected.set(join(dir, 'loop', 'back-up'), { reason: /symbolic link loop/, codes: ['folder_loop'] });
    await symlink('self.mp3', join(dir, 'self.mp3'));
    expected.set(join(dir, 'self.mp3'), { reason: /loop/, codes: ['link_loop'] });
    await symlink('nowhere.mp3', join(dir, 'dangling.mp3'));
    expected.set(join(dir, 'dangling.mp3'), { reason: /broken symbolic link/, codes: ['broken_link'] });
    execFileSync('mkfifo', [join(dir, 'fifo.mp3')]);
    expected.set(join(dir, 'fifo.mp3'), { reason: /not a regular file/, codes: ['not_a_file'] });
    // A name that is not UTF-8 (Latin-1 "Kröcher"): made with a Buffer path.
    await writeFile(Buffer.concat([Buffer.from(`${dir}/Kr`), Buffer.from([0xf6]), Buffer.from('cher.mp3')]), audio);
    expected.set(join(dir, `Kr\ufffdcher.mp3`), { reason: /not valid UTF-8/, codes: ['name_not_utf8'] });
    // A name that is valid UTF-8 and holds a real U+FFFD (beside the invalid one): kept.
    await writeFile(join(dir, 'Real \ufffd.mp3'), audio);
    for (const tmp of [plain, flac, picture]) await rm(tmp);
    await t.library.addFolder(dir);
  });
  after(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('every broken file is recorded with its code and its reason; good files are added; the server stays up', async () => {
    const counts = await t.library.scan();
    const status = (await t.http.inject({ method: 'GET', url: '/api/v1/library/scan', headers: u.auth })).json() as ScanStatus;
    const issues = new Map(status.issues.map((i) => [i.path, i]));
    for (const [path, { reason, codes }] of expected) {
      assert.ok(issues.has(path), `${path} is reported (got ${JSON.stringify([...issues.keys()])})`);
      const issue = issues.get(path)!;
      assert.match(issue.reason, reason, path);
      assert.ok(codes.includes(issue.code), `${path}: ${issue.code}, one of ${codes.join(', ')}`);
      // The detail is the technical part of the English reason, never the whole of a fixed sentence.
      if (issue.detail !== null) assert.ok(issue.reason.includes(issue.detail) && issue.reason !== issue.detail, `${path}: ${issue.detail}`);
    }
    const giant = status.issues.find((i) => i.path.endsWith('giant-picture.mp3'))!;
    assert.deepEqual([giant.severity, giant.code], ['warning', 'picture_too_large']);
    assert.match(giant.detail!, /^18\.\d MB$/);
    assert.deepEqual([issues.get(join(dir, 'zero-byte.mp3'))!.detail, issues.get(join(dir, 'fifo.mp3'))!.detail], [null, null]);
    for (const name of ['good.mp3', 'huge-tags.mp3', 'mode-000.mp3', 'giant-picture.mp3', 'garbage-tags.mp3', 'Real \ufffd.mp3']) {
      assert.ok(await t.catalog.trackByPath(join(dir, name)), `${name} was added`);
    }
    assert.ok(counts.failed >= 9, `failed: ${counts.failed}`);
    assert.equal((await t.http.inject({ method: 'GET', url: '/health' })).statusCode, 200);
    const huge = await t.catalog.trackByPath(join(dir, 'huge-tags.mp3'));
    assert.equal(huge!.name, 'Huge tags');
  });

  test('a listener sees the same issues without server paths: relative to the music folder', async () => {
    const listener = await t.makeUser();
    const response = await t.http.inject({ method: 'GET', url: '/api/v1/library/scan', headers: listener.auth });
    assert.equal(response.statusCode, 200);
    assert.ok(!response.body.includes(dir), 'no absolute path of the server');
    const paths = response.json().issues.map((i: { path: string }) => i.path);
    assert.ok(paths.includes('fifo.mp3') && paths.includes(join('loop', 'back-up')), JSON.stringify(paths));
    assert.ok(paths.length >= expected.size);
  });

  test('a rescan does not re-read unchanged bad files', async () => {
    const counts = await t.library.scan();
    assert.equal(counts.tags_read, 0);
  });

  test('a file that turns bad leaves the catalogue; fixed, it comes back with its id', async () => {
    const before = await t.catalog.trackByPath(good);
    const bytes = await readFile(good);
    await writeFile(good, bytes.subarray(0, 20));
    await t.library.scan();
    assert.equal(await t.catalog.trackFile(before!.id), undefined);
    await writeFile(good, bytes);
    await t.library.scan();
    assert.equal((await t.catalog.trackFile(before!.id))?.path, good);
  });
});
