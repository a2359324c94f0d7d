import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generatePicture, generateTone } from '../generate.ts';
import { readAudioFile, UnreadableFile } from '../read.ts';
import { flacPicture, oggWithComments, vorbisComments } from '../retag.ts';
import { assertSameAsMusicMetadata } from './compare.ts';

const TAGS = {
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
  REPLAYGAIN_TRACK_GAIN: '-7.25 dB',
  REPLAYGAIN_TRACK_PEAK: '0.988',
};

describe('Ogg Vorbis and Opus: the fast reader gives what music-metadata gives', () => {
  let dir: string;
  const files = new Map<string, boolean>();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'runnel-fast-ogg-'));
    await generatePicture(join(dir, 'pic.tmp.jpg'), 64, 10);
    const picture = await readFile(join(dir, 'pic.tmp.jpg'));
    const picard = (extra: string[]) =>
      vorbisComments([
        'TITLE=Zebra',
        'ARTIST=Beach House feat. Someone',
        'ARTISTS=Beach House',
        'ARTISTS=Someone',
        'ALBUMARTIST=Beach House',
        'ALBUM=Teen Dream',
        'TRACKNUMBER=2',
        'TRACKTOTAL=10',
        'DISCNUMBER=1',
        'DISCTOTAL=1',
        'DATE=2010-01-26',
        'GENRE=Dream Pop',
        'GENRE=Indie',
        'MUSICBRAINZ_TRACKID=r1',
        'MUSICBRAINZ_RELEASETRACKID=t1',
        'MUSICBRAINZ_ALBUMID=al1',
        'MUSICBRAINZ_ARTISTID=ar1',
        'MUSICBRAINZ_ARTISTID=ar2',
        'MUSICBRAINZ_ALBUMARTISTID=ar1',
        'REPLAYGAIN_TRACK_GAIN=-3.1 dB',
        'REPLAYGAIN_TRACK_PEAK=0.9',
        'COMPILATION=1',
        ...extra,
      ]);
    const b64 = (type: number, mime: string, bytes: Buffer) => `METADATA_BLOCK_PICTURE=${flacPicture(type, mime, bytes).toString('base64')}`;
    for (const format of ['ogg', 'opus'] as const) {
      // 3 s: music-metadata reads every page (length from the last); 30 s: it stops after page 13 and read.ts finds the length.
      for (const seconds of [3, 30]) {
        const name = `${format}-${seconds}s.${format}`;
        await generateTone({ path: join(dir, name), format, seconds, tags: TAGS, frequency: 0 }); // noise: files well over the 12 KiB the fast reader needs
        files.set(name, true);
        const source = await readFile(join(dir, name));
        const write = async (suffix: string, comments: Buffer, fast = true) => {
          await writeFile(join(dir, `${suffix}-${name}`), oggWithComments(source, comments));
          files.set(`${suffix}-${name}`, fast);
        };
        await write('picard', picard([b64(3, 'image/jpeg', picture), b64(4, 'image/png', picture.subarray(0, 100))]));
        // A picture spanning many pages pushes the comment packet's end past page 13 on short files.
        await write('big-picture', picard([b64(3, 'image/jpeg', Buffer.concat([picture, Buffer.alloc(300_000)]))]));
        await write('no-tags', vorbisComments([]));
        await write('bad-base64', picard(['METADATA_BLOCK_PICTURE=not base64!']), false);
        await write('style', picard(['STYLE=Shoegaze']), false);
      }
    }
    await writeFile(join(dir, 'truncated.ogg'), (await readFile(join(dir, 'ogg-30s.ogg'))).subarray(0, 60_000));
    files.set('truncated.ogg', false);
    await writeFile(join(dir, 'garbage.opus'), Buffer.concat([Buffer.from('OggS'), Buffer.alloc(40_000, 7)]));
    files.set('garbage.opus', false);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a corrupt Ogg file is reported, not a hang (the last-page search once looped at offset 0)', async () => {
    await assert.rejects(readAudioFile(join(dir, 'garbage.opus'), 40_004), UnreadableFile);
  });

  test('each file: fast or handed over as expected, and the same fields, pictures and content hash', async () => {
    for (const [name, expectFast] of files) await assertSameAsMusicMetadata(join(dir, name), expectFast, name);
  });
});
