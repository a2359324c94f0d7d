import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateTone } from './generate.ts';
import { readAudioFile } from './read.ts';

/** An ID3v2.3 frame: id, 4-byte size, no flags. */
const frame = (id: string, body: Buffer) => {
  const head = Buffer.alloc(10);
  head.write(id, 0, 'latin1');
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
};

/** SYLT as taggers such as MusicBrainz Picard and foobar2000 write it: Latin-1, lyrics, times in milliseconds. */
function sylt(lines: [string, number][]) {
  const stamp = (ms: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(ms);
    return b;
  };
  return frame(
    'SYLT',
    Buffer.concat([
      Buffer.from([0]), // ISO-8859-1
      Buffer.from('eng', 'latin1'),
      Buffer.from([2, 1]), // time stamps in ms; content: lyrics
      Buffer.from([0]), // no content descriptor
      ...lines.flatMap(([text, ms]) => [Buffer.from(`${text}\0`, 'latin1'), stamp(ms)]),
    ]),
  );
}

/** A whole ID3v2.3 tag (syncsafe size) in front of an MP3 that has none. */
function id3v23(frames: Buffer[]) {
  const body = Buffer.concat(frames);
  const head = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]);
  for (let i = 0; i < 4; i++) head[6 + i] = (body.length >> (7 * (3 - i))) & 0x7f;
  return Buffer.concat([head, body]);
}

test('an ID3 SYLT frame (times in ms) is kept as synced LRC, so the words follow the song', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'runnel-sylt-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bare = join(dir, 'bare.mp3');
  await generateTone({ path: bare, format: 'mp3v1', seconds: 2, frequency: 440, tags: {} });
  const title = frame('TIT2', Buffer.from('\0Sung Along', 'latin1'));
  const path = join(dir, 'sylt.mp3');
  writeFileSync(
    path,
    Buffer.concat([
      id3v23([
        title,
        sylt([
          ['First line', 0],
          ['Second line', 1500],
          ['Last line', 62_250],
        ]),
      ]),
      readFileSync(bare),
    ]),
  );

  const { tags } = await readAudioFile(path, statSync(path).size);
  assert.equal(tags.title, 'Sung Along');
  assert.equal(tags.lyrics, '[00:00.000]First line\n[00:01.500]Second line\n[01:02.250]Last line');
});
