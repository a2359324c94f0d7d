// Generates the 20,000-track bench library: ~700 artists, ~1,900 albums, files written
// here around ffmpeg-made audio (formats.ts; 20k files take seconds, not an hour of ffmpeg
// runs). The default mix is a real library's: equal parts MP3 (ID3v2.4 and 2.3), FLAC, M4A
// (AAC and ALAC), Ogg Vorbis and Opus; `mp3flac` is the old, ~98% MP3/FLAC one. Some albums
// have an embedded picture, some a cover.jpg, some nothing; some are compilations, some
// have two discs; some tracks have two artists or two genres.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generatePicture } from '../../packages/server/src/library/generate.ts';
import { EXTENSION, makeTemplates, taggedFile, type Kind, type Tags } from './formats.ts';

export interface LibrarySpec {
  tracks: number;
  artists: number;
  albums: number;
  mix: Mix;
}
export type Mix = 'real' | 'mp3flac';
/** Album formats by album number (mod 10): equal parts MP3, FLAC, M4A, Ogg Vorbis and Opus. */
const REAL: Kind[] = ['mp3v24', 'mp3v23', 'flac', 'flac', 'aac', 'alac', 'ogg', 'ogg', 'opus', 'opus'];
const kindOf = (mix: Mix, album: number): Kind => (mix === 'real' ? REAL[album % 10]! : album % 3 === 0 ? 'flac' : 'mp3v24');

/** A deterministic pseudo-random sequence, so every run makes the same library. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SYLLABLES = [
  'ka',
  'te',
  'ro',
  'byn',
  'na',
  'sh',
  'be',
  'ach',
  'ho',
  'use',
  'bo',
  'sse',
  'fe',
  'lix',
  'krö',
  'cher',
  'ås',
  'lund',
  'mi',
  'ra',
  'lo',
  'vi',
  'sa',
  'ne',
  'do',
  'ri',
  '東',
  '京',
];
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

const GENRES = ['Pop', 'Indie', 'Techno', 'Dream Pop', 'Deutschpop', 'Electropop', 'Jazz', 'Folk', 'Hip-Hop', 'Klassik', 'Ambient', 'Rock'];

/** Makes the library in `dir` (once; a finished library is kept and reused). Returns the files per format. */
export async function makeLibrary(dir: string, spec: LibrarySpec, log: (line: string) => void): Promise<Record<string, number>> {
  if (existsSync(join(dir, '.complete'))) return JSON.parse(await readFile(join(dir, '.complete'), 'utf8'));
  const building = `${dir}.partial`;
  await rm(building, { recursive: true, force: true });
  const templateDir = join(building, '.templates');
  await mkdir(templateDir, { recursive: true });
  const templates = await makeTemplates(templateDir);
  const pictures: Buffer[] = [];
  for (let i = 0; i < 8; i++) {
    await generatePicture(join(templateDir, `p${i}.jpg`), 300, i * 45);
    pictures.push(await readFile(join(templateDir, `p${i}.jpg`)));
  }

  const random = rng(42);
  const artists = Array.from({ length: spec.artists }, (_, i) => `${name(random, 1 + (i % 3 === 0 ? 1 : 0))}${i % 97 === 0 ? ' Åslund' : ''}`);
  const id = (kind: string, n: number) => `${kind}-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const perAlbum = spec.tracks / spec.albums;
  const mix: Record<string, number> = {};
  let made = 0;
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
    const kind = kindOf(spec.mix, Math.floor(a / 10) + a); // shifts the format against the cover mode from decade to decade
    const albumDir = join(building, albumArtist.slice(0, 1).toUpperCase(), albumArtist, `${year} - ${album}`);
    await mkdir(albumDir, { recursive: true });
    if (coverMode === 'folder') await writeFile(join(albumDir, 'cover.jpg'), picture);
    for (let t = 0; t < count && made < spec.tracks; t++, made++) {
      const disc = discs === 2 && t >= count / 2 ? 2 : 1;
      const artist = compilation ? artists[Math.floor(random() * spec.artists)]! : albumArtist;
      const featured = made % 7 === 0 ? [artists[(a * 7 + t) % spec.artists]!].filter((x) => x !== artist) : [];
      const tags: Tags = {
        title: name(random, 1 + Math.floor(random() * 3)),
        artists: [artist, ...featured],
        albumArtist,
        album,
        track: disc === 2 ? t - Math.ceil(count / 2) + 1 : t + 1,
        tracks: count,
        disc,
        discs,
        year,
        genres: made % 5 === 0 ? [genre, GENRES[(a + 3) % GENRES.length]!] : [genre],
        compilation,
        mb: { recording: id('rec', made), album: id('alb', a), artists: [artist, ...featured].map((x) => id('art', artists.indexOf(x))) },
      };
      const base = join(albumDir, `${disc}-${String(t + 1).padStart(2, '0')} ${tags.title}`);
      await writeFile(`${base}.${EXTENSION[kind]}`, taggedFile(kind, templates, tags, coverMode === 'embedded' ? picture : null));
      mix[kind] = (mix[kind] ?? 0) + 1;
    }
  }
  await rm(templateDir, { recursive: true });
  await writeFile(join(building, '.complete'), `${JSON.stringify(mix)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(building, dir);
  log(`library ready: ${made} tracks in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return mix;
}
