import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMATS, generatePicture, generateTone, type FormatName } from '../library/generate.ts';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { xmllint as checkXml } from '../tools/xmllint.ts';

/**
 * The specifications live beside the repository, in `../shared/specs` (or in a `shared/specs`
 * next to a folder further up, as for a work tree inside a checkout's parent folder).
 */
function specPath(file: string): string {
  let dir = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
  for (let parent = dirname(dir); parent !== dir; dir = parent, parent = dirname(dir)) {
    const path = join(parent, 'shared', 'specs', file);
    if (existsSync(path)) return path;
  }
  throw new Error(`The Subsonic schema ${file} is not in ../shared/specs beside the repository`);
}
export const STRICT_XSD = () => specPath('subsonic-rest-api-1.16.1.xsd');
export const RELAXED_XSD = () => specPath('subsonic-rest-api-1.16.1-opensubsonic-relaxed.xsd');

export interface LibraryTrack {
  title: string;
  artist: string;
  album: string;
  albumArtist?: string;
  track: number;
  disc?: number;
  year?: number;
  genre?: string;
  format?: FormatName;
  seconds?: number;
  lyrics?: string;
}

/** A small, varied library: two-disc album, compilation, several formats, genres, a cover file, lyrics, non-ASCII names. */
export const LIBRARY: LibraryTrack[] = [
  { title: 'Foundations', artist: 'Kate Nash', album: 'Made of Bricks', track: 1, year: 2007, genre: 'Pop' },
  { title: 'Mouthwash', artist: 'Kate Nash', album: 'Made of Bricks', track: 2, year: 2007, genre: 'Pop' },
  {
    title: 'Do-Wah-Doo',
    artist: 'Kate Nash',
    album: 'My Best Friend Is You',
    track: 1,
    year: 2010,
    genre: 'Pop',
    format: 'flac',
    lyrics: 'Do wah doo\nwah doo',
  },
  { title: 'Zebra', artist: 'Beach House', album: 'Teen Dream', track: 1, disc: 1, year: 2010, genre: 'Dream Pop', format: 'ogg' },
  { title: 'Norway', artist: 'Beach House', album: 'Teen Dream', track: 1, disc: 2, year: 2010, genre: 'Dream Pop', format: 'opus' },
  { title: 'Dancing On My Own', artist: 'Robyn', album: 'Body Talk', track: 1, year: 2010, genre: 'Electropop', format: 'aac' },
  { title: 'fin låt', artist: 'Bosse', album: 'Various Hits', albumArtist: 'Various Artists', track: 1, year: 2011, genre: 'Pop' },
  { title: 'Techno Train', artist: 'Felix Kröcher', album: 'Various Hits', albumArtist: 'Various Artists', track: 2, year: 2011, genre: 'Techno' },
  { title: '東京の夜', artist: '日本語アーティスト', album: '夜の歌', track: 1, year: 2009, genre: 'J-Pop' },
];

export interface SubsonicFixture {
  app: TestApp;
  admin: TestUser & { username: string };
  user: TestUser & { username: string };
  music: string;
  /** The music folders' ids: the first holds the fixture's tracks, the others `more`'s, in order. */
  folders: string[];
  close(): Promise<void>;
}

/** Writes tracks as real audio files, one folder per album under its album artist; `first` spreads tones over fixtures. */
async function writeTracks(music: string, tracks: LibraryTrack[], first = 0): Promise<void> {
  await Promise.all(
    tracks.map((t, i) => {
      const format = t.format ?? 'mp3v24';
      const folder = join(music, t.albumArtist ?? t.artist, t.album);
      const tags: Record<string, string> = {
        title: t.title,
        artist: t.artist,
        album: t.album,
        album_artist: t.albumArtist ?? t.artist,
        track: String(t.track),
        date: String(t.year ?? 2000),
      };
      if (t.disc) tags.disc = `${t.disc}/2`;
      if (t.genre) tags.genre = t.genre;
      if (t.lyrics) tags.lyrics = t.lyrics;
      if (t.albumArtist === 'Various Artists') tags.compilation = '1';
      return generateTone({
        path: join(folder, `${t.disc ? `${t.disc}-` : ''}${String(t.track).padStart(2, '0')} ${t.title}.${FORMATS[format].ext}`),
        format,
        seconds: t.seconds ?? 2,
        tags,
        frequency: 220 + (first + i) * 55,
      });
    }),
  );
}

/**
 * The real app with a scanned library, an admin and a user (each with their password). Each
 * list in `more` is a music folder of its own, after the first.
 */
export async function subsonicFixture(tracks: LibraryTrack[] = LIBRARY, more: LibraryTrack[][] = []): Promise<SubsonicFixture> {
  const app = await testApp();
  const music = mkdtempSync(join(tmpdir(), 'runnel-subsonic-music-'));
  const others = more.map(() => mkdtempSync(join(tmpdir(), 'runnel-subsonic-more-')));
  await writeTracks(music, tracks);
  for (const [i, list] of more.entries()) await writeTracks(others[i]!, list, tracks.length + i * 20);
  // One folder cover file (the other albums have none).
  const bricks = join(music, 'Kate Nash', 'Made of Bricks');
  if (existsSync(bricks)) await generatePicture(join(bricks, 'cover.png'), 64, 40);
  const folders: string[] = [];
  for (const path of [music, ...others]) folders.push((await app.library.addFolder(path)).id);
  await app.library.scan('full');
  const adminName = `admin_${Math.random().toString(36).slice(2, 7)}`;
  const userName = `user_${Math.random().toString(36).slice(2, 7)}`;
  const admin = { ...(await app.makeUser({ role: 'admin', product: 'premium', username: adminName })), username: adminName };
  const user = { ...(await app.makeUser({ username: userName })), username: userName };
  return {
    app,
    admin,
    user,
    music,
    folders,
    close: async () => {
      await app.close();
      for (const path of [music, ...others]) rmSync(path, { recursive: true, force: true });
    },
  };
}

export interface RestResult {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  /** `subsonic-response` of a JSON answer. */
  json: Record<string, unknown> & { status?: string; error?: { code: number; message: string } };
}

/** Calls `/rest/NAME` through inject (GET by default; `post: true` sends a form body). */
export async function rest(
  app: TestApp,
  name: string,
  params: Record<string, string | number | boolean | (string | number)[]>,
  options: { post?: boolean; view?: boolean; headers?: Record<string, string>; method?: 'GET' | 'HEAD' } = {},
): Promise<RestResult> {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  const url = `/rest/${name}${options.view ? '.view' : ''}`;
  const response = options.post
    ? await app.http.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
        payload: search.toString(),
      })
    : await app.http.inject({ method: options.method ?? 'GET', url: `${url}?${search}`, headers: options.headers });
  let json: RestResult['json'] = {};
  if (String(response.headers['content-type'] ?? '').startsWith('application/json'))
    json = (JSON.parse(response.body) as { 'subsonic-response': RestResult['json'] })['subsonic-response'];
  return { status: response.statusCode, headers: response.headers, body: response.body, json };
}

/** `u` + `p` credentials for a fixture user, in JSON. */
export const asUser = (user: { username: string; password: string }, extra: Record<string, string> = {}) => ({
  u: user.username,
  p: user.password,
  c: 'test',
  v: '1.16.1',
  f: 'json',
  ...extra,
});

/** Validates an XML document against an XSD with xmllint (tools/xmllint.ts); returns its complaints ('' when valid). */
export function xmllint(xml: string, xsd: string): string {
  return checkXml(xml, xsd);
}
