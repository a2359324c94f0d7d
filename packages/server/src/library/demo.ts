import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ffmpegEncoders } from '../tools/encoders.ts';
import { requireTool } from '../tools/tools.ts';
import { FORMATS, generatePicture, generateTone, type FormatName } from './generate.ts';

interface DemoAlbum {
  artist: string;
  album: string;
  year: string;
  genre: string;
  format: FormatName;
  /** embedded: picture inside the files; folder: cover.jpg beside them; none. */
  cover: 'embedded' | 'folder' | 'none';
  compilation?: boolean;
  tracks: { title: string; artist?: string }[];
}

/** A handful of albums by artists from the 2011 talk, in several formats, as tones and noise. */
const ALBUMS: DemoAlbum[] = [
  {
    artist: 'Kate Nash',
    album: 'Made of Bricks',
    year: '2007',
    genre: 'Indie Pop',
    format: 'mp3v24',
    cover: 'embedded',
    tracks: [{ title: 'Foundations' }, { title: 'Mouthwash' }, { title: 'Pumpkin Soup' }],
  },
  {
    artist: 'Robyn',
    album: 'Robyn',
    year: '2005',
    genre: 'Pop; Electropop',
    format: 'ogg',
    cover: 'folder',
    tracks: [{ title: 'Konichiwa Bitches' }, { title: 'Be Mine!' }, { title: 'With Every Heartbeat', artist: 'Robyn feat. Kleerup' }],
  },
  {
    artist: 'Beach House',
    album: 'Teen Dream',
    year: '2010',
    genre: 'Dream Pop',
    format: 'flac',
    cover: 'embedded',
    tracks: [{ title: 'Zebra' }, { title: 'Norway' }],
  },
  {
    artist: 'Bosse',
    album: 'Kraniche',
    year: '2013',
    genre: 'Deutschpop',
    format: 'opus',
    cover: 'folder',
    tracks: [{ title: 'Schönste Zeit' }, { title: 'Kraniche' }],
  },
  {
    artist: 'Felix Kröcher',
    album: 'Verstörung',
    year: '2012',
    genre: 'Techno',
    format: 'aac',
    cover: 'embedded',
    tracks: [{ title: 'Verstörung' }, { title: 'Zeitlupe' }],
  },
  {
    artist: 'Various Artists',
    album: 'Runnel Demo Mixtape',
    year: '2011',
    genre: 'Pop',
    format: 'mp3v24',
    cover: 'folder',
    compilation: true,
    tracks: [
      { title: 'Sound of the Running Water', artist: 'Anna Åslund' },
      { title: 'Tokyo Tone (東京)', artist: '日本語 Ensemble' },
      { title: 'Pink Noise Interlude', artist: 'Kate Nash' },
    ],
  },
];

/**
 * Creates the demo library in `DATA/demo-music` (once; kept across restarts) so a newcomer
 * can play something at once. Runs ffmpeg; about 15 files of 20 s each.
 */
export async function createDemoLibrary(dataDir: string): Promise<string> {
  const root = join(dataDir, 'demo-music');
  if (existsSync(root)) return root;
  const building = `${root}.partial`;
  await rm(building, { recursive: true, force: true });
  // An ffmpeg without an album's encoder (an old or minimal build) makes FLAC, which every ffmpeg encodes.
  const encoders = await ffmpegEncoders(requireTool('ffmpeg'));
  let hue = 0;
  for (const wanted of ALBUMS) {
    const album = encoders.has(FORMATS[wanted.format].args[1]) ? wanted : { ...wanted, format: 'flac' as const };
    const dir = join(building, album.artist, `${album.year} - ${album.album}`);
    await mkdir(dir, { recursive: true });
    const picture = join(dir, album.cover === 'folder' ? 'cover.jpg' : '.embedded.jpg');
    hue += 55;
    if (album.cover !== 'none') await generatePicture(picture, 600, hue);
    await Promise.all(
      album.tracks.map((track, i) =>
        generateTone({
          path: join(
            dir,
            `${String(i + 1).padStart(2, '0')} ${track.title}.${album.format === 'aac' ? 'm4a' : album.format === 'mp3v24' ? 'mp3' : album.format}`,
          ),
          format: album.format,
          seconds: 20,
          frequency: track.title.includes('Noise') ? 0 : 220 + 110 * ((i + hue) % 7),
          picture: album.cover === 'embedded' ? picture : undefined,
          tags: {
            title: track.title,
            artist: track.artist ?? album.artist,
            album: album.album,
            album_artist: album.artist,
            date: album.year,
            genre: album.genre,
            track: `${i + 1}/${album.tracks.length}`,
            disc: '1/1',
            ...(album.compilation ? { compilation: '1' } : {}),
          },
        }),
      ),
    );
    if (album.cover === 'embedded') await rm(picture);
  }
  await rename(building, root);
  return root;
}
