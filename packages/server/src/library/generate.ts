import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { requireTool } from '../tools/tools.ts';

/** Runs ffmpeg (the system's or the npm package's: see tools/); rejects with its last lines of stderr. */
export function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(requireTool('ffmpeg'), ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on('error', (error) => reject(new Error(`ffmpeg could not start: ${error.message}`)));
    child.on('close', (code) => (code === 0 ? resolvePromise() : reject(new Error(`ffmpeg failed (${code}): ${stderr.trim()}`))));
  });
}

/** The formats Runnel reads, as ffmpeg makes them. `picture`: whether the container takes an embedded cover. */
export const FORMATS = {
  mp3v1: { ext: 'mp3', args: ['-c:a', 'libmp3lame', '-b:a', '128k', '-id3v2_version', '0', '-write_xing', '1'], picture: false },
  mp3v24: { ext: 'mp3', args: ['-c:a', 'libmp3lame', '-b:a', '128k', '-id3v2_version', '4'], picture: true },
  mp3v23: { ext: 'mp3', args: ['-c:a', 'libmp3lame', '-b:a', '128k', '-id3v2_version', '3', '-write_id3v1', '1'], picture: true },
  flac: { ext: 'flac', args: ['-c:a', 'flac'], picture: true },
  ogg: { ext: 'ogg', args: ['-c:a', 'libvorbis', '-q:a', '2'], picture: false },
  opus: { ext: 'opus', args: ['-c:a', 'libopus', '-b:a', '64k'], picture: false },
  aac: { ext: 'm4a', args: ['-c:a', 'aac', '-b:a', '128k'], picture: true },
  alac: { ext: 'm4a', args: ['-c:a', 'alac'], picture: true },
  wav: { ext: 'wav', args: ['-c:a', 'pcm_s16le'], picture: true },
  aiff: { ext: 'aiff', args: ['-c:a', 'pcm_s16be', '-write_id3v2', '1'], picture: true },
} as const;
export type FormatName = keyof typeof FORMATS;

export interface ToneSpec {
  path: string;
  format: FormatName;
  seconds: number;
  /** Tag name → value, as ffmpeg's -metadata takes them (title, artist, album_artist, track "2/10", disc, date, genre, …). */
  tags: Record<string, string>;
  /** A picture file to embed (where the format allows). */
  picture?: string;
  /** Sine frequency; 0 makes pink noise. */
  frequency?: number;
}

/**
 * Makes a tagged audio file: a sine tone (or noise) of `seconds`, in `format`.
 *
 * With RUNNEL_GENERATED_AUDIO set to a folder (`npm test` sets one in TMPDIR), each file made
 * is kept there by what it was made from, and the same request again is a copy: the suite asks
 * for the same tones in many test files, and again in its PostgreSQL run.
 */
export async function generateTone(spec: ToneSpec): Promise<void> {
  const cache = process.env.RUNNEL_GENERATED_AUDIO;
  if (!cache) return makeTone(spec);
  const picture = spec.picture
    ? createHash('sha256')
        .update(await readFile(spec.picture))
        .digest('hex')
    : null;
  const recipe = JSON.stringify({ ...spec, path: extname(spec.path), picture, ffmpeg: requireTool('ffmpeg') });
  const kept = join(cache, `${createHash('sha256').update(recipe).digest('hex')}${extname(spec.path)}`);
  await mkdir(dirname(spec.path), { recursive: true });
  try {
    await copyFile(kept, spec.path);
    return;
  } catch {
    // not made yet
  }
  await makeTone(spec);
  await mkdir(cache, { recursive: true });
  const partial = `${kept}.${randomUUID()}.partial`;
  await copyFile(spec.path, partial);
  await rename(partial, kept); // whole or not at all, for the test files making it at the same time
}

async function makeTone(spec: ToneSpec): Promise<void> {
  const format = FORMATS[spec.format];
  await mkdir(dirname(spec.path), { recursive: true });
  const source =
    spec.frequency === 0 ? `anoisesrc=color=pink:amplitude=0.2:duration=${spec.seconds}` : `sine=frequency=${spec.frequency ?? 440}:duration=${spec.seconds}`;
  const args = ['-f', 'lavfi', '-i', source];
  const embed = spec.picture && format.picture && spec.format !== 'wav';
  if (embed) args.push('-i', spec.picture!, '-map', '0:a', '-map', '1:v', '-c:v', 'copy', '-disposition:v', 'attached_pic');
  args.push('-ac', '2', ...format.args);
  if (spec.format !== 'mp3v1') for (const [key, value] of Object.entries(spec.tags)) args.push('-metadata', `${key}=${value}`);
  args.push(spec.path);
  await ffmpeg(args);
  if (spec.format === 'wav') await addId3Chunk(spec);
  if (spec.format === 'mp3v1') await appendId3v1(spec);
}

/** An ID3v1.1 tag (128 bytes, Latin-1, fixed fields), which ffmpeg no longer writes on its own. */
async function appendId3v1(spec: ToneSpec): Promise<void> {
  const tag = Buffer.alloc(128);
  tag.write('TAG', 0, 'latin1');
  const field = (value: string | undefined, offset: number, length: number) => tag.write((value ?? '').slice(0, length), offset, length, 'latin1');
  field(spec.tags.title, 3, 30);
  field(spec.tags.artist, 33, 30);
  field(spec.tags.album, 63, 30);
  field(spec.tags.date?.slice(0, 4), 93, 4);
  tag[126] = Number.parseInt(spec.tags.track ?? '0', 10) || 0;
  tag[127] = 13; // Pop
  await writeFile(spec.path, Buffer.concat([await readFile(spec.path), tag]));
}

/**
 * ffmpeg writes WAV tags only as a RIFF INFO list (no album artist, disc or pictures), so
 * fixtures also get an `id3 ` chunk, as taggers like Mp3tag and foobar2000 write it: the
 * ID3v2.4 tag is taken from a tiny MP3 made with the same tags.
 */
async function addId3Chunk(spec: ToneSpec): Promise<void> {
  const donor = `${spec.path}.id3.mp3`;
  await makeTone({ ...spec, path: donor, format: 'mp3v24', seconds: 0.1 });
  try {
    const mp3 = await readFile(donor);
    const tagSize = 10 + ((mp3[6]! << 21) | (mp3[7]! << 14) | (mp3[8]! << 7) | mp3[9]!);
    const tag = mp3.subarray(0, tagSize);
    const wav = await readFile(spec.path);
    const header = Buffer.alloc(8);
    header.write('id3 ', 0, 'latin1');
    header.writeUInt32LE(tag.length, 4);
    const pad = tag.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0);
    const out = Buffer.concat([wav, header, tag, pad]);
    out.writeUInt32LE(out.length - 8, 4);
    await writeFile(spec.path, out);
  } finally {
    await rm(donor, { force: true });
  }
}

/** Makes a square picture (a coloured test pattern) for cover art. */
export async function generatePicture(path: string, size: number, hue: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=${size}x${size}:duration=1,hue=h=${hue}`, '-frames:v', '1', path]);
}

/**
 * Replaces a FLAC file's Vorbis comments with these, in order. Unlike ffmpeg's `-metadata`,
 * a field may repeat (two ARTIST fields, as taggers write several artists).
 */
export async function setFlacComments(path: string, comments: [string, string][]): Promise<void> {
  const flac = await readFile(path);
  if (flac.toString('latin1', 0, 4) !== 'fLaC') throw new Error(`${path} is not FLAC`);
  const blocks: { type: number; body: Buffer }[] = [];
  let at = 4;
  for (let last = false; !last;) {
    last = (flac[at]! & 0x80) !== 0;
    const length = flac.readUIntBE(at + 1, 3);
    blocks.push({ type: flac[at]! & 0x7f, body: flac.subarray(at + 4, at + 4 + length) });
    at += 4 + length;
  }
  const le32 = (n: number) => Buffer.from(Uint32Array.of(n).buffer);
  const vendor = Buffer.from('runnel');
  const entries = comments.map(([key, value]) => Buffer.from(`${key}=${value}`, 'utf8'));
  const comment = Buffer.concat([le32(vendor.length), vendor, le32(entries.length), ...entries.flatMap((e) => [le32(e.length), e])]);
  const kept = [...blocks.filter((b) => b.type !== 4), { type: 4, body: comment }];
  const headers = kept.map((b, i) =>
    Buffer.concat([
      Buffer.of((i === kept.length - 1 ? 0x80 : 0) | b.type),
      Buffer.from([b.body.length >> 16, (b.body.length >> 8) & 0xff, b.body.length & 0xff]),
      b.body,
    ]),
  );
  await writeFile(path, Buffer.concat([flac.subarray(0, 4), ...headers, flac.subarray(at)]));
}
