import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseFile, type IAudioMetadata } from 'music-metadata';
import { ffmpeg, generatePicture, generateTone } from '../generate.ts';
import { contentHash, toTags } from '../read.ts';
import { readFast } from './index.ts';

// ---- writers for hand-made tags (what taggers other than ffmpeg write) ----
const syncsafe = (n: number) => Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
const u32be = (n: number) => Buffer.from([n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const u32le = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24]);
/** ID3 text: 0 Latin-1, 1 UTF-16 with BOM, 2 UTF-16BE, 3 UTF-8. */
function encode(encoding: number, text: string): Buffer {
  if (encoding === 0) return Buffer.from(text, 'latin1');
  if (encoding === 3) return Buffer.from(text, 'utf8');
  const le = Buffer.from(text, 'utf16le');
  if (encoding === 2) return Buffer.from(le).swap16();
  return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
}
const text = (value: string, encoding = 3) => Buffer.concat([Buffer.from([encoding]), encode(encoding, value)]);
const txxx = (description: string, value: string, encoding = 3) => {
  const zero = Buffer.alloc(encoding === 1 || encoding === 2 ? 2 : 1);
  return Buffer.concat([Buffer.from([encoding]), encode(encoding, description), zero, encode(encoding, value)]);
};
const apic = (mime: string, type: number, picture: Buffer) =>
  Buffer.concat([Buffer.from([0]), Buffer.from(`${mime}\0`, 'latin1'), Buffer.from([type]), Buffer.from('cover\0'), picture]);
const ufid = (owner: string, id: string) => Buffer.from(`${owner}\0${id}`, 'latin1');
const unsync = (bytes: Buffer) => {
  const out: number[] = [];
  for (const b of bytes) {
    out.push(b);
    if (b === 0xff) out.push(0);
  }
  return Buffer.from(out);
};

interface Id3Options {
  version: 3 | 4;
  /** ID3v2.3: a 6-byte extended header; ID3v2.4: a 6-byte one (syncsafe size, counted in). */
  extended?: boolean;
  /** ID3v2.4 only: frames carry the unsynchronisation flag and are unsynchronised. */
  frameUnsync?: boolean;
  /** The tag-level unsynchronisation flag (the fast reader leaves those to music-metadata). */
  tagUnsync?: boolean;
  padding?: number;
}
function id3(options: Id3Options, frames: [string, Buffer][]): Buffer {
  const parts = frames.map(([id, rawBody]) => {
    const body = options.frameUnsync ? unsync(rawBody) : rawBody;
    const size = options.version === 4 ? syncsafe(body.length) : u32be(body.length);
    return Buffer.concat([Buffer.from(id, 'latin1'), size, Buffer.from([0, options.frameUnsync ? 0x02 : 0]), body]);
  });
  if (options.extended) parts.unshift(options.version === 4 ? Buffer.concat([syncsafe(6), Buffer.from([1, 0])]) : Buffer.concat([u32be(6), Buffer.alloc(6)]));
  parts.push(Buffer.alloc(options.padding ?? 0));
  const content = Buffer.concat(parts);
  const flags = (options.tagUnsync ? 0x80 : 0) | (options.extended ? 0x40 : 0);
  return Buffer.concat([Buffer.from([0x49, 0x44, 0x33, options.version, 0, flags]), syncsafe(content.length), content]);
}

function flac(source: Buffer, blocks: [number, Buffer][]): Buffer {
  let offset = 4;
  let streamInfo: Buffer | null = null;
  for (;;) {
    const last = (source[offset]! & 0x80) !== 0;
    const length = source.readUIntBE(offset + 1, 3);
    if ((source[offset]! & 0x7f) === 0) streamInfo = source.subarray(offset + 4, offset + 4 + length);
    offset += 4 + length;
    if (last) break;
  }
  const all: [number, Buffer][] = [[0, streamInfo!], ...blocks];
  const encoded = all.map(([type, body], i) =>
    Buffer.concat([
      Buffer.from([(i === all.length - 1 ? 0x80 : 0) | type]),
      Buffer.from([body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]),
      body,
    ]),
  );
  return Buffer.concat([Buffer.from('fLaC'), ...encoded, source.subarray(offset)]);
}
function vorbisComments(entries: string[]): Buffer {
  const vendor = Buffer.from('runnel-test');
  return Buffer.concat([u32le(vendor.length), vendor, u32le(entries.length), ...entries.flatMap((e) => [u32le(Buffer.byteLength(e)), Buffer.from(e)])]);
}
function flacPicture(type: number, mime: string, picture: Buffer): Buffer {
  return Buffer.concat([
    u32be(type),
    u32be(mime.length),
    Buffer.from(mime),
    u32be(5),
    Buffer.from('cover'),
    u32be(64),
    u32be(64),
    u32be(24),
    u32be(0),
    u32be(picture.length),
    picture,
  ]);
}

/** What read.ts's music-metadata path makes of a file. */
function viaMusicMetadata(metadata: IAudioMetadata) {
  const compilation = Object.values(metadata.native).some((tags) =>
    tags.some((tag) => /^(TXXX:)?(TCMP|COMPILATION)$/i.test(tag.id) && ['1', 'true'].includes(String(tag.value).trim().toLowerCase())),
  );
  return toTags(metadata.common, metadata.format, compilation);
}

describe('the fast reader gives what music-metadata gives, field by field', () => {
  let dir: string;
  /** name → whether the fast reader is expected to take it (false: it must hand it to music-metadata). */
  const files = new Map<string, boolean>();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'runnel-fast-'));
    const make = async (name: string, args: string[]) => {
      await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=4', ...args, '-map_metadata', '-1', join(dir, name)]);
      return readFile(join(dir, name));
    };
    const cbr = await make('cbr.tmp.mp3', ['-ac', '2', '-c:a', 'libmp3lame', '-b:a', '128k', '-id3v2_version', '0']);
    const vbr = await make('vbr.tmp.mp3', ['-ac', '2', '-c:a', 'libmp3lame', '-q:a', '4', '-id3v2_version', '0']);
    const noXing = await make('noxing.tmp.mp3', ['-ac', '2', '-c:a', 'libmp3lame', '-b:a', '160k', '-id3v2_version', '0', '-write_xing', '0']);
    const mpeg2 = await make('mpeg2.tmp.mp3', ['-ac', '1', '-ar', '22050', '-c:a', 'libmp3lame', '-b:a', '32k', '-id3v2_version', '0']);
    const flacSource = await make('source.tmp.flac', ['-ac', '2', '-c:a', 'flac']);
    await generatePicture(join(dir, 'pic.tmp.jpg'), 64, 10);
    const picture = await readFile(join(dir, 'pic.tmp.jpg'));
    const add = async (name: string, bytes: Buffer, fast: boolean) => {
      await writeFile(join(dir, name), bytes);
      files.set(name, fast);
    };

    // ffmpeg's own tags (the format matrix's fixtures)
    const tags = {
      title: 'Kraniche 日本語',
      artist: 'Bosse feat. Anna Åslund',
      album_artist: 'Bosse',
      album: 'Kraniche',
      track: '3/12',
      disc: '2/2',
      date: '2013-03-08',
      genre: 'Deutschpop;Indie',
      compilation: '1',
      lyrics: 'Schönste Zeit',
      MUSICBRAINZ_TRACKID: '8f3a9a7e-6d43-4c36-9f00-000000000001',
      'MusicBrainz Album Id': '5b11f4ce-a62d-471e-81fc-a69a8278c7da',
      REPLAYGAIN_TRACK_GAIN: '-7.25 dB',
      REPLAYGAIN_TRACK_PEAK: '0.988',
    };
    for (const format of ['mp3v24', 'flac'] as const) {
      await generateTone({
        path: join(dir, `ffmpeg-${format}.${format === 'flac' ? 'flac' : 'mp3'}`),
        format,
        seconds: 3,
        tags,
        picture: join(dir, 'pic.tmp.jpg'),
      });
      files.set(`ffmpeg-${format}.${format === 'flac' ? 'flac' : 'mp3'}`, true);
    }
    // ffmpeg's ID3v2.3 file also has an ID3v1 tag: music-metadata merges the two, so it reads it.
    await generateTone({ path: join(dir, 'ffmpeg-v23-v1.mp3'), format: 'mp3v23', seconds: 3, tags });
    files.set('ffmpeg-v23-v1.mp3', false);

    const full = (encoding: number): [string, Buffer][] => [
      ['TIT2', text('Ström 日本語', encoding)],
      ['TPE1', text('Bosse feat. Anna', encoding)],
      ['TPE2', text('Bosse', encoding)],
      ['TALB', text('Kraniche', encoding)],
      ['TRCK', text('3/12', encoding)],
      ['TPOS', text('1/2', encoding)],
      ['TCON', text('Indie', encoding)],
      ['TSOP', text('Bosse, The', encoding)],
      ['TSOA', text('Kraniche', encoding)],
      ['TSO2', text('Bosse', encoding)],
      ['TXXX', txxx('MusicBrainz Album Id', '5b11f4ce-a62d-471e-81fc-a69a8278c7da', encoding)],
      ['TXXX', txxx('MusicBrainz Release Track Id', '8f3a9a7e-6d43-4c36-9f00-000000000002', encoding)],
      ['TXXX', txxx('REPLAYGAIN_TRACK_GAIN', '-7.25 dB', encoding)],
      ['TXXX', txxx('REPLAYGAIN_TRACK_PEAK', '0.988', encoding)],
      ['TXXX', txxx('REPLAYGAIN_ALBUM_GAIN', '-6.5 dB', encoding)],
      ['TXXX', txxx('REPLAYGAIN_ALBUM_PEAK', '1.0', encoding)],
      ['UFID', ufid('http://musicbrainz.org', '8f3a9a7e-6d43-4c36-9f00-000000000001')],
      ['UFID', ufid('http://example.com', 'nope')],
      ['COMM', Buffer.concat([Buffer.from([0]), Buffer.from('eng\0a comment', 'latin1')])],
      ['TSSE', text('Lavf', encoding)],
      ['APIC', apic('image/jpeg', 4, picture.subarray(0, 300))],
      ['APIC', apic('image/jpg', 3, picture)],
    ];
    await add('v24-utf8-cbr.mp3', Buffer.concat([id3({ version: 4, padding: 512 }, full(3)), cbr]), true);
    await add('v24-utf16be-vbr.mp3', Buffer.concat([id3({ version: 4 }, full(2)), vbr]), true);
    await add('v23-utf16-cbr.mp3', Buffer.concat([id3({ version: 3, padding: 100 }, full(1)), cbr]), true);
    await add(
      'v23-latin1-noxing.mp3',
      Buffer.concat([
        id3({ version: 3 }, [
          ['TIT2', text('Kröcher', 0)],
          ['TPE1', text('AC/DC', 0)],
          ['TYER', text('1979', 0)],
          ['TCON', text('Rock', 0)],
        ]),
        noXing,
      ]),
      true,
    );
    // music-metadata reads any extended header as ten bytes: a v2.3 one (ten bytes) is right, a six-byte v2.4 one misaligns the frames.
    await add('v24-extended.mp3', Buffer.concat([id3({ version: 4, extended: true }, full(3)), vbr]), false);
    await add('v23-extended.mp3', Buffer.concat([id3({ version: 3, extended: true, padding: 16 }, full(1)), cbr]), true);
    await add('v24-frame-unsync.mp3', Buffer.concat([id3({ version: 4, frameUnsync: true }, full(3)), cbr]), true);
    await add('v23-tag-unsync.mp3', Buffer.concat([id3({ version: 3, tagUnsync: true }, full(0)), cbr]), false);
    await add(
      'mpeg2-mono.mp3',
      Buffer.concat([
        id3({ version: 4 }, [
          ['TIT2', text('Mono')],
          ['TDRC', text('2001-05')],
        ]),
        mpeg2,
      ]),
      true,
    );
    await add('no-tags.mp3', cbr, true);
    // multi-value: v2.4 NUL-separated values, v2.3 '/'-separated TXXX, ARTISTS beside a combined ARTIST
    await add(
      'v24-multi.mp3',
      Buffer.concat([
        id3({ version: 4 }, [
          ['TPE1', text('Anna\0Bosse')],
          ['TXXX', txxx('ARTISTS', 'Anna\0Bosse\0Anna')],
          ['TPE2', text('Anna\0Bosse')],
          ['TCON', text('Pop\0Indie\0Pop')],
          ['TXXX', txxx('MusicBrainz Artist Id', 'a\0b')],
          ['TXXX', txxx('MusicBrainz Album Artist Id', 'c')],
          ['TCMP', text('1')],
          ['TRCK', text('7')],
          ['TPOS', text('x/3')],
          ['TDRC', text('2019')],
        ]),
        vbr,
      ]),
      true,
    );
    await add(
      'v23-multi.mp3',
      Buffer.concat([
        id3({ version: 3 }, [
          ['TPE1', text('Anna feat. Bosse', 1)],
          ['TXXX', txxx('Artists', 'Anna/Bosse', 1)],
          ['TXXX', txxx('MusicBrainz Artist Id', 'a/b', 0)],
          ['TXXX', txxx('COMPILATION', '1', 0)],
          ['TPE2', text('Anna/Bosse', 0)],
          ['TCON', text('Rock/Pop', 0)],
        ]),
        cbr,
      ]),
      true,
    );
    await add('v24-genre-code.mp3', Buffer.concat([id3({ version: 4 }, [['TCON', text('(13)')]]), cbr]), false);
    await add(
      'v24-lyrics.mp3',
      Buffer.concat([id3({ version: 4 }, [['USLT', Buffer.concat([Buffer.from([3]), Buffer.from('eng\0la la', 'utf8')])]]), cbr]),
      false,
    );
    await add('v24-then-v1.mp3', Buffer.concat([id3({ version: 4 }, full(3)), cbr, Buffer.from(`TAG${'x'.repeat(124)}\x0d`, 'latin1')]), false);

    const comments = vorbisComments([
      'TITLE=Zebra',
      'ARTIST=Beach House feat. Someone',
      'ARTISTS=Beach House',
      'ARTISTS=Someone',
      'ALBUMARTIST=Beach House',
      'album=Teen Dream',
      'TRACKNUMBER=2',
      'TRACKTOTAL=10',
      'DISCNUMBER=1',
      'TOTALDISCS=1',
      'DATE=2010-01-26',
      'GENRE=Dream Pop',
      'GENRE=Indie',
      'GENRE=Dream Pop',
      'COMPILATION=0',
      'MUSICBRAINZ_TRACKID=r1',
      'MUSICBRAINZ_RELEASETRACKID=t1',
      'MUSICBRAINZ_ALBUMID=al1',
      'MUSICBRAINZ_ARTISTID=ar1',
      'MUSICBRAINZ_ARTISTID=ar2',
      'MUSICBRAINZ_ALBUMARTISTID=ar1',
      'REPLAYGAIN_TRACK_GAIN=-3.1 dB',
      'REPLAYGAIN_TRACK_PEAK=0.9',
      'REPLAYGAIN_ALBUM_GAIN=-2 dB',
      'REPLAYGAIN_ALBUM_PEAK=0.95',
      'LYRICS=[00:01.00]Zebra\n[00:02.50]Zebra again',
      'ALBUMSORT=Teen Dream',
      'ARTISTSORT=Beach House',
      'ALBUMARTISTSORT=Beach House',
      'ORIGINALDATE=2009',
      'COMMENT=whatever',
      'NOEQUALSIGN',
    ]);
    await add(
      'hand.flac',
      flac(flacSource, [
        [4, comments],
        [6, flacPicture(0, 'image/png', picture.subarray(0, 200))],
        [6, flacPicture(3, 'IMAGE/JPEG', picture)],
        [1, Buffer.alloc(300)],
      ]),
      true,
    );
    await add(
      'hand-big-picture.flac',
      flac(flacSource, [
        [6, flacPicture(3, 'image/jpeg', Buffer.concat([picture, Buffer.alloc(200_000)]))],
        [4, comments],
      ]),
      true,
    );
    await add('hand-no-tags.flac', flac(flacSource, []), true);
    await add(
      'hand-base64-picture.flac',
      flac(flacSource, [[4, vorbisComments(['TITLE=x', `METADATA_BLOCK_PICTURE=${flacPicture(3, 'image/jpeg', picture).toString('base64')}`])]]),
      false,
    );
    await add('flac-with-id3.flac', Buffer.concat([id3({ version: 4 }, [['TIT2', text('x')]]), flac(flacSource, [])]), false);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('each file: fast or handed over as expected, and the same fields, picture and content hash', async () => {
    assert.ok(files.size >= 20);
    for (const [name, expectFast] of files) {
      const path = join(dir, name);
      const { size } = await stat(path);
      const fast = readFast(path, size);
      assert.equal(fast !== null, expectFast, `${name}: fast reader ${fast ? 'took' : 'left'} it`);
      if (!fast) continue;
      const metadata = await parseFile(path, { duration: false, skipCovers: false });
      assert.deepEqual(toTags(fast.common, fast.format, fast.compilationFlag), viaMusicMetadata(metadata), name);
      assert.equal(fast.contentHash, contentHash(path, size), `${name}: content hash`);
      const ours = fast.common.picture ?? [];
      const theirs = metadata.common.picture ?? [];
      assert.deepEqual(
        ours.map((p) => [p.format, p.type, Buffer.from(p.data).toString('base64')]),
        theirs.map((p) => [p.format, p.type, Buffer.from(p.data).toString('base64')]),
        `${name}: pictures`,
      );
    }
  });
});
