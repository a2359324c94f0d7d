import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORMATS, generatePicture, generateTone, type FormatName } from '../../server/src/library/generate.ts';
import type { TestApp } from '../../server/src/testing/app.ts';

export interface FixtureTrack {
  title: string;
  artist: string;
  album: string;
  seconds: number;
  format?: FormatName;
  /** Pink noise instead of a tone (lossless files of noise have a realistic bitrate). */
  noise?: boolean;
  /** Embeds a cover picture of this hue (a coloured test pattern). */
  cover?: number;
  /** Embeds this picture file as the cover instead (a test's own artwork). */
  picture?: string;
  genre?: string;
  /** Lyrics in the file's tags (LRC text is synced). */
  lyrics?: string;
  /** A `.lrc` file of this text beside the audio file. */
  lrc?: string;
  /** More tags, as ffmpeg's `-metadata` names them (`REPLAYGAIN_TRACK_GAIN`: `-6.5 dB`). */
  tags?: Record<string, string>;
}

/** Generates tagged audio files, adds their folder to the library and scans it (the folder goes when the test process ends). */
export async function scanTracks(app: TestApp, tracks: FixtureTrack[]): Promise<string> {
  const music = mkdtempSync(join(tmpdir(), 'runnel-e2e-music-'));
  process.once('exit', () => rmSync(music, { recursive: true, force: true })); // each test file is its own process
  const covers = join(music, '.covers');
  await Promise.all(
    [...new Set(tracks.flatMap((t) => (t.cover === undefined ? [] : [t.cover])))].map((hue) => generatePicture(join(covers, `${hue}.png`), 96, hue)),
  );
  await Promise.all(
    tracks.map((t, i) =>
      generateTone({
        picture: t.picture ?? (t.cover === undefined ? undefined : join(covers, `${t.cover}.png`)),
        path: join(music, t.artist, t.album, `${String(i + 1).padStart(2, '0')} ${t.title}.${FORMATS[t.format ?? 'mp3v24'].ext}`),
        format: t.format ?? 'mp3v24',
        seconds: t.seconds,
        frequency: t.noise ? 0 : 220 + i * 110,
        tags: {
          title: t.title,
          artist: t.artist,
          album_artist: t.artist,
          album: t.album,
          track: String(i + 1),
          date: '2010',
          ...(t.genre && { genre: t.genre }),
          ...(t.lyrics && { lyrics: t.lyrics }),
          ...t.tags,
        },
      }),
    ),
  );
  tracks.forEach((t, i) => {
    if (t.lrc) writeFileSync(join(music, t.artist, t.album, `${String(i + 1).padStart(2, '0')} ${t.title}.lrc`), t.lrc);
  });
  await app.library.addFolder(music);
  await app.library.scan('full');
  return music;
}
