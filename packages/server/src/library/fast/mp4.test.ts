import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generatePicture, generateTone } from '../generate.ts';
import { m4aWithItems, mp4Item as item } from '../retag.ts';
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
};

describe('M4A (AAC, ALAC): the fast reader gives what music-metadata gives', () => {
  let dir: string;
  const files = new Map<string, boolean>();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'runnel-fast-mp4-'));
    await generatePicture(join(dir, 'pic.tmp.jpg'), 64, 10);
    await generatePicture(join(dir, 'pic.tmp.png'), 32, 90);
    const jpeg = await readFile(join(dir, 'pic.tmp.jpg'));
    const png = await readFile(join(dir, 'pic.tmp.png'));
    // What Picard writes: several values as several data boxes, MusicBrainz ids in freeform atoms.
    const picard = [
      item.text('©nam', 'Zebra'),
      item.text('©ART', 'Beach House feat. Someone'),
      item.freeform('ARTISTS', 'Beach House', 'Someone'),
      item.text('aART', 'Beach House'),
      item.text('©alb', 'Teen Dream'),
      item.pair('trkn', 2, 10),
      item.pair('disk', 1, 2),
      item.text('©day', '2010-01-26'),
      item.text('©gen', 'Dream Pop', 'Indie'),
      item.flag('cpil', true),
      item.text('soar', 'Beach House'),
      item.text('soaa', 'Beach House'),
      item.text('soal', 'Teen Dream'),
      item.text('©lyr', 'la la'),
      item.text('©too', 'Picard'),
      item.freeform('MusicBrainz Track Id', 'r1'),
      item.freeform('MusicBrainz Release Track Id', 't1'),
      item.freeform('MusicBrainz Album Id', 'al1'),
      item.freeform('MusicBrainz Artist Id', 'ar1', 'ar2'),
      item.freeform('MusicBrainz Album Artist Id', 'ar1'),
      item.freeform('replaygain_track_gain', '-3.1 dB'),
      item.freeform('replaygain_track_peak', '0.9'),
      item.freeform('ORIGINALDATE', '2009'),
      item.freeform('Band', 'Beach House Band'),
      item.freeform('LABEL', 'Sub Pop'),
    ];
    for (const format of ['aac', 'alac'] as const) {
      const name = `${format}.m4a`;
      await generateTone({ path: join(dir, name), format, seconds: 3, tags: TAGS, picture: join(dir, 'pic.tmp.jpg'), frequency: 0 });
      files.set(name, true);
      const source = await readFile(join(dir, name));
      const write = async (prefix: string, items: Buffer[], fast = true) => {
        await writeFile(join(dir, `${prefix}-${name}`), m4aWithItems(source, items));
        files.set(`${prefix}-${name}`, fast);
      };
      await write('picard', [...picard, item.cover(jpeg, png)]);
      await write('no-tags', []);
      await write(
        'genre-code',
        [
          item.text('©nam', 'x'),
          Buffer.concat([
            Buffer.from([0, 0, 0, 26]),
            Buffer.from('gnre'),
            Buffer.from([0, 0, 0, 18]),
            Buffer.from('data'),
            Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 17]),
          ]),
        ],
        false,
      );
      await write('not-compilation', [item.flag('cpil', false), item.text('©nam', 'x')]);
    }
    await writeFile(join(dir, 'truncated.m4a'), (await readFile(join(dir, 'aac.m4a'))).subarray(0, 30_000));
    files.set('truncated.m4a', false);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('each file: fast or handed over as expected, and the same fields, pictures and content hash', async () => {
    for (const [name, expectFast] of files) await assertSameAsMusicMetadata(join(dir, name), expectFast, name);
  });
});
