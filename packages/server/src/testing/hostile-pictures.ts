import { readFile, writeFile } from 'node:fs/promises';
import { generateTone } from '../library/generate.ts';

/**
 * Audio files whose embedded "picture" is whatever bytes under whatever declared type a test
 * wants, as a hostile uploader would make them. ffmpeg picks an attached picture's MIME type
 * from its codec, so the ID3v2.3 tag (text frames + APIC) is written here by hand.
 */

/** What a script in a hostile picture does when a browser runs it: a visible mark and a token created. */
export const PAYLOAD_SCRIPT =
  "document.title='pwned';window.name='pwned';fetch('/api/v1/me/tokens',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({name:'pwned'})})";

export const HOSTILE = {
  svg: { mime: 'image/svg+xml', bytes: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>${PAYLOAD_SCRIPT}</script></svg>`) },
  html: { mime: 'text/html', bytes: Buffer.from(`<!doctype html><html><body><script>${PAYLOAD_SCRIPT}</script></body></html>`) },
  js: { mime: 'text/javascript', bytes: Buffer.from(`${PAYLOAD_SCRIPT};`) },
};

function frame(id: string, body: Buffer): Buffer {
  const header = Buffer.alloc(10);
  header.write(id, 0, 'latin1');
  header.writeUInt32BE(body.length, 4); // ID3v2.3 frame sizes are plain big-endian
  return Buffer.concat([header, body]);
}

const text = (id: string, value: string) => frame(id, Buffer.concat([Buffer.from([0]), Buffer.from(value, 'latin1')]));

/** An ID3v2.3 tag with title, artist, album and one front-cover APIC frame of `mime`. */
export function id3WithPicture(tags: { title: string; artist: string; album: string }, mime: string, picture: Buffer): Buffer {
  const apic = frame('APIC', Buffer.concat([Buffer.from([0]), Buffer.from(`${mime}\0`, 'latin1'), Buffer.from([3]), Buffer.from('\0', 'latin1'), picture]));
  const frames = Buffer.concat([text('TIT2', tags.title), text('TPE1', tags.artist), text('TPE2', tags.artist), text('TALB', tags.album), apic]);
  const header = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]);
  const size = frames.length; // synchsafe: 7 bits a byte
  header[6] = (size >> 21) & 0x7f;
  header[7] = (size >> 14) & 0x7f;
  header[8] = (size >> 7) & 0x7f;
  header[9] = size & 0x7f;
  return Buffer.concat([header, frames]);
}

/** A 1-second MP3 at `path` (own album) whose embedded picture is `picture`, declared as `mime`. */
export async function mp3WithPicture(path: string, tags: { title: string; artist: string; album: string }, mime: string, picture: Buffer): Promise<void> {
  // mp3v1: ffmpeg writes no ID3v2 tag of its own, so ours is the only one.
  await generateTone({ path, format: 'mp3v1', seconds: 1, tags: { ...tags, track: '1' } });
  await writeFile(path, Buffer.concat([id3WithPicture(tags, mime, picture), await readFile(path)]));
}
