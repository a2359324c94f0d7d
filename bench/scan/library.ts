// Generates the 20,000-track bench library: ~700 artists, ~1,900 albums, MP3 (ID3v2.4) and
// FLAC files written here around ffmpeg-made audio (so 20k files take seconds, not an hour
// of ffmpeg runs), plus Ogg Vorbis, Opus and M4A files made by ffmpeg itself. Some albums
// have an embedded picture, some a cover.jpg, some nothing; some are compilations, some
// have two discs.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ffmpeg, generatePicture, generateTone, type FormatName } from '../../packages/server/src/library/generate.ts';

export interface LibrarySpec {
  tracks: number;
  artists: number;
  albums: number;
}

/** A deterministic pseudo-random sequence, so every run makes the same library. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SYLLABLES = ['ka', 'te', 'ro', 'byn', 'na', 'sh', 'be', 'ach', 'ho', 'use', 'bo', 'sse', 'fe', 'lix', 'krö', 'cher', 'ås', 'lund', 'mi', 'ra', 'lo', 'vi', 'sa', 'ne', 'do', 'ri', '東', '京'];
function name(random: () => number, words: number): string {
  const out: string[] = [];
  for (let w = 0; w < words; w++) {
    let word = '';
    const n = 2 + Math.floor(random() * 2);
    for (let i = 0; i < n; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    out.push(word[0]!.toUpperCase() + word.slice(1));
  }
  return out.join(' ');
}

// ---- ID3v2.4 ----
const syncsafe = (n: number) => Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
function id3Frame(id: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(id, 'latin1'), syncsafe(body.length), Buffer.alloc(2), body]);
}
const id3Text = (id: string, value: string) => id3Frame(id, Buffer.concat([Buffer.from([3]), Buffer.from(value, 'utf8')]));
function id3Tag(tags: Tags, picture: Buffer | null): Buffer {
  const frames = [
    id3Text('TIT2', tags.title), id3Text('TPE1', tags.artist), id3Text('TPE2', tags.albumArtist), id3Text('TALB', tags.album),
    id3Text('TRCK', `${tags.track}/${tags.tracks}`), id3Text('TPOS', `${tags.disc}/${tags.discs}`), id3Text('TDRC', String(tags.year)), id3Text('TCON', tags.genre),
  ];
  if (tags.compilation) frames.push(id3Text('TCMP', '1'));
  if (picture) frames.push(id3Frame('APIC', Buffer.concat([Buffer.from('\0image/jpeg\0\x03\0', 'latin1'), picture])));
  const body = Buffer.concat(frames);
  return Buffer.concat([Buffer.from('ID3\x04\x00\x00', 'latin1'), syncsafe(body.length), body]);
}

// ---- FLAC ----
function flacBlock(type: number, body: Buffer, last: boolean): Buffer {
  const header = Buffer.alloc(4);
  header[0] = (last ? 0x80 : 0) | type;
  header.writeUIntBE(body.length, 1, 3);
  return Buffer.concat([header, body]);
}
function vorbisComment(tags: Tags): Buffer {
  const entries = [
    `TITLE=${tags.title}`, `ARTIST=${tags.artist}`, `ALBUMARTIST=${tags.albumArtist}`, `ALBUM=${tags.album}`, `TRACKNUMBER=${tags.track}`, `TRACKTOTAL=${tags.tracks}`,
    `DISCNUMBER=${tags.disc}`, `DISCTOTAL=${tags.discs}`, `DATE=${tags.year}`, `GENRE=${tags.genre}`, ...(tags.compilation ? ['COMPILATION=1'] : []),
  ].map((e) => Buffer.from(e, 'utf8'));
  const vendor = Buffer.from('runnel-bench', 'utf8');
  const parts = [u32le(vendor.length), vendor, u32le(entries.length)];
  for (const e of entries) parts.push(u32le(e.length), e);
  return Buffer.concat(parts);
}
function flacPicture(picture: Buffer): Buffer {
  const mime = Buffer.from('image/jpeg');
  return Buffer.concat([u32be(3), u32be(mime.length), mime, u32be(0), u32be(0), u32be(0), u32be(24), u32be(0), u32be(picture.length), picture]);
}
const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
/** STREAMINFO body and audio frames of a tag-less FLAC file. */
function splitFlac(file: Buffer): { streamInfo: Buffer; frames: Buffer } {
  let offset = 4;
  let streamInfo: Buffer | null = null;
  for (;;) {
    const last = (file[offset]! & 0x80) !== 0;
    const type = file[offset]! & 0x7f;
    const length = file.readUIntBE(offset + 1, 3);
    if (type === 0) streamInfo = file.subarray(offset + 4, offset + 4 + length);
    offset += 4 + length;
    if (last) break;
  }
  return { streamInfo: streamInfo!, frames: file.subarray(offset) };
}

interface Tags {
  title: string;
  artist: string;
  albumArtist: string;
  album: string;
  track: number;
  tracks: number;
  disc: number;
  discs: number;
  year: number;
  genre: string;
  compilation: boolean;
}

const FFMPEG_FILES = 300;
const GENRES = ['Pop', 'Indie', 'Techno', 'Dream Pop', 'Deutschpop', 'Electropop', 'Jazz', 'Folk', 'Hip-Hop', 'Klassik', 'Ambient', 'Rock'];

/** Makes the library in `dir` (once; a finished library is kept and reused). Returns its file count. */
export async function makeLibrary(dir: string, spec: LibrarySpec, log: (line: string) => void): Promise<void> {
  if (existsSync(join(dir, '.complete'))) return;
  const building = `${dir}.partial`;
  await rm(building, { recursive: true, force: true });
  const templates = join(building, '.templates');
  await mkdir(templates, { recursive: true });
  await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1.5', '-ac', '2', '-c:a', 'libmp3lame', '-b:a', '128k', '-id3v2_version', '0', '-map_metadata', '-1', join(templates, 't.mp3')]);
  await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=330:duration=1.5', '-ac', '2', '-c:a', 'flac', '-map_metadata', '-1', '-fflags', '+bitexact', join(templates, 't.flac')]);
  const mp3Audio = await readFile(join(templates, 't.mp3'));
  const flac = splitFlac(await readFile(join(templates, 't.flac')));
  const pictures: Buffer[] = [];
  for (let i = 0; i < 8; i++) {
    await generatePicture(join(templates, `p${i}.jpg`), 300, i * 45);
    pictures.push(await readFile(join(templates, `p${i}.jpg`)));
  }

  const random = rng(42);
  const artists = Array.from({ length: spec.artists }, (_, i) => `${name(random, 1 + (i % 3 === 0 ? 1 : 0))}${i % 50 === 0 ? ' feat. Robyn' : ''}`.replace(' feat. Robyn', '') + (i % 97 === 0 ? ' Åslund' : ''));
  const perAlbum = spec.tracks / spec.albums;
  let made = 0;
  const ffmpegJobs: { spec: Parameters<typeof generateTone>[0] }[] = [];
  const started = Date.now();
  for (let a = 0; a < spec.albums && made < spec.tracks; a++) {
    const compilation = a % 33 === 5;
    const albumArtist = compilation ? 'Various Artists' : artists[a % spec.artists]!;
    const album = `${name(random, 2)}${a % 41 === 0 ? ' 日本語' : ''}`;
    const discs = a % 20 === 3 ? 2 : 1;
    const count = Math.max(1, Math.round(perAlbum + (random() - 0.5) * 6));
    const year = 1960 + Math.floor(random() * 65);
    const genre = GENRES[Math.floor(random() * GENRES.length)]!;
    const coverMode = a % 10 < 3 ? 'embedded' : a % 10 < 6 ? 'folder' : 'none';
    const picture = pictures[a % pictures.length]!;
    // Most albums are MP3 or FLAC; about 300 tracks are Ogg Vorbis, Opus or M4A, made by ffmpeg
    // (one ffmpeg run per file costs ~0.3 s on a busy 2-core machine, so they are capped).
    const slow = a % 16 === 1 ? 'ogg' : a % 16 === 9 ? 'opus' : a % 16 === 13 ? 'aac' : null;
    const kind: 'mp3' | 'flac' | FormatName = slow && ffmpegJobs.length < FFMPEG_FILES ? slow : a % 3 === 0 ? 'flac' : 'mp3';
    const albumDir = join(building, albumArtist.slice(0, 1).toUpperCase(), albumArtist, `${year} - ${album}`);
    await mkdir(albumDir, { recursive: true });
    if (coverMode === 'folder') await writeFile(join(albumDir, 'cover.jpg'), picture);
    for (let t = 0; t < count && made < spec.tracks; t++, made++) {
      const disc = discs === 2 && t >= count / 2 ? 2 : 1;
      const tags: Tags = {
        title: name(random, 1 + Math.floor(random() * 3)), artist: compilation ? artists[Math.floor(random() * spec.artists)]! : albumArtist, albumArtist, album,
        track: disc === 2 ? t - Math.ceil(count / 2) + 1 : t + 1, tracks: count, disc, discs, year, genre, compilation,
      };
      const base = join(albumDir, `${disc}-${String(t + 1).padStart(2, '0')} ${tags.title}`);
      const embedded = coverMode === 'embedded' ? picture : null;
      if (kind === 'mp3') await writeFile(`${base}.mp3`, Buffer.concat([id3Tag(tags, embedded), mp3Audio]));
      else if (kind === 'flac') {
        const blocks = [flacBlock(0, flac.streamInfo, false), flacBlock(4, vorbisComment(tags), !embedded)];
        if (embedded) blocks.push(flacBlock(6, flacPicture(embedded), true));
        await writeFile(`${base}.flac`, Buffer.concat([Buffer.from('fLaC'), ...blocks, flac.frames]));
      } else {
        ffmpegJobs.push({ spec: {
          path: `${base}.${kind === 'aac' ? 'm4a' : kind}`, format: kind, seconds: 1.5, frequency: 200 + (made % 600),
          picture: embedded && kind === 'aac' ? join(templates, `p${a % pictures.length}.jpg`) : undefined,
          tags: { title: tags.title, artist: tags.artist, album_artist: albumArtist, album, track: `${tags.track}/${count}`, disc: `${disc}/${discs}`, date: String(year), genre, ...(compilation ? { compilation: '1' } : {}) },
        } });
      }
    }
  }
  log(`wrote ${made - ffmpegJobs.length} MP3/FLAC files in ${((Date.now() - started) / 1000).toFixed(1)} s; making ${ffmpegJobs.length} Ogg/Opus/M4A files with ffmpeg…`);
  let next = 0;
  await Promise.all([0, 1].map(async () => {
    while (next < ffmpegJobs.length) {
      const job = ffmpegJobs[next++]!;
      await generateTone(job.spec);
    }
  }));
  await rm(templates, { recursive: true });
  await writeFile(join(building, '.complete'), `${made}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(building, dir);
  log(`library ready: ${made} tracks in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
