import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';
import type { Album, Artist, Language, SimplifiedAlbum, Track } from '@runnel/api';
import { compareIndexLetters, indexLetter } from '../language/collation.ts';
import { listenerLanguage } from '../language/negotiate.ts';
import { estimateKbps } from '../streaming/decide.ts';
import { originalContentType } from '../streaming/formats.ts';
import type { Call } from './endpoint.ts';
import { jsonOnly, type Node } from './response.ts';

/**
 * Runnel's catalogue objects in Subsonic's shapes. Ids are Runnel's own (URL-safe); one
 * cover id per album (`al-…`) is shared by its songs; folders and directories get ids of
 * their own (below). Dates are ISO 8601, durations seconds, bit rates kbps.
 */

export const albumCoverId = (albumId: string) => `al-${albumId}`;
/** A timestamp (ms) as ISO 8601, or nothing. */
export const isoDate = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const iso = isoDate;
const seconds = (ms: number) => Math.round(ms / 1000);

/** A music folder's number for `getMusicFolders` (Subsonic wants integers): stable, from its id. */
export function folderNumber(folderId: string): number {
  return Number.parseInt(createHash('sha256').update(folderId).digest('hex').slice(0, 7), 16);
}

/** A directory of a music folder (`''` is the folder itself) as an opaque, URL-safe id. */
export function directoryId(folderId: string, relativeDir: string): string {
  return `dir-${Buffer.from(`${folderId}\n${relativeDir}`).toString('base64url')}`;
}

export function parseDirectoryId(id: string): { folderId: string; relativeDir: string } | undefined {
  if (!id.startsWith('dir-')) return undefined;
  const [folderId, relativeDir, ...rest] = Buffer.from(id.slice(4), 'base64url').toString('utf8').split('\n');
  if (!folderId || relativeDir === undefined || rest.length) return undefined;
  // Only directories inside the folder: no absolute paths, no `..`, no empty segments.
  if (relativeDir !== '' && (relativeDir.startsWith('/') || relativeDir.split('/').some((part) => part === '' || part === '.' || part === '..')))
    return undefined;
  return { folderId, relativeDir };
}

/** Music folder roots by id (for relative paths). */
export async function folderRoots(call: Pick<Call, 'services'>): Promise<Map<string, string>> {
  return new Map((await call.services.library.folders()).map((f) => [f.id, f.path]));
}

/** A path inside its music folder, with `/` separators. */
export function relativePath(root: string | undefined, path: string): string {
  const inside = root ? relative(root, path) : path;
  return sep === '/' ? inside : inside.split(sep).join('/');
}

const artistsOf = (list: { id: string; name: string }[]) => list.map((a) => ({ id: a.id, name: a.name }));
const display = (list: { name: string }[]) => list.map((a) => a.name).join(', ');

/**
 * Songs (`child` elements), with what only the caller's data says: starred, play count, and
 * `transcodedSuffix`/`transcodedContentType` when the caller's tier would get a transcode.
 */
export async function songs(call: Pick<Call, 'services' | 'user'>, tracks: Track[]): Promise<Node[]> {
  if (!tracks.length) return [];
  const { catalog, collection, player, streaming } = call.services;
  const ids = tracks.map((t) => t.id);
  const [places, starred, plays, roots, ratings] = await Promise.all([
    catalog.trackPlaces(ids),
    collection.savedAt(call.user.id, 'star', ids),
    player.playCounts(call.user.id, ids),
    folderRoots(call),
    collection.ratings(call.user.id, ids),
  ]);
  return Promise.all(
    tracks.map(async (t) => {
      const place = places.get(t.id);
      const path = place ? relativePath(roots.get(place.folderId), place.path) : undefined;
      const file = {
        path: '',
        size: t.size,
        mtimeMs: 0,
        codec: t.codec ?? t.suffix,
        suffix: t.suffix,
        bitrate: t.bitrate === null ? null : Math.round(t.bitrate / 1000),
        durationMs: t.duration_ms,
      };
      const plan = await streaming.plan(call.user.tier, file);
      const gain = t.replay_gain;
      const hasGain = Object.values(gain).some((v) => v !== null);
      const kbps = file.bitrate ?? estimateKbps(file) ?? undefined;
      const dir = path && place ? path.split('/').slice(0, -1).join('/') : undefined;
      return {
        id: t.id,
        parent: place && dir !== undefined ? directoryId(place.folderId, dir) : t.album.id,
        isDir: false,
        title: t.name,
        album: t.album.name,
        artist: display(t.artists),
        track: t.track_number || undefined,
        year: t.year ?? undefined,
        genre: t.genres[0],
        coverArt: t.album.images.length ? albumCoverId(t.album.id) : undefined,
        size: t.size,
        contentType: originalContentType(t.codec ?? '', t.suffix),
        suffix: t.suffix,
        transcodedContentType: plan.kind === 'transcode' ? plan.target.contentType : undefined,
        transcodedSuffix: plan.kind === 'transcode' ? plan.target.extension : undefined,
        duration: seconds(t.duration_ms),
        bitRate: kbps,
        path,
        isVideo: false,
        userRating: ratings.get(t.id),
        playCount: plays.get(t.id) ?? 0,
        discNumber: t.disc_number || undefined,
        created: iso(place?.createdAt),
        starred: iso(starred.get(t.id)),
        albumId: t.album.id,
        artistId: t.artists[0]?.id,
        type: 'music',
        // OpenSubsonic
        mediaType: 'song',
        musicBrainzId: t.musicbrainz_id ?? undefined,
        channelCount: t.channels ?? undefined,
        samplingRate: t.sample_rate ?? undefined,
        displayArtist: display(t.artists),
        displayAlbumArtist: display(t.album.artists),
        genres: t.genres.map((name) => ({ name })),
        artists: artistsOf(t.artists),
        albumArtists: artistsOf(t.album.artists),
        replayGain: hasGain
          ? {
              trackGain: gain.track_gain ?? undefined,
              trackPeak: gain.track_peak ?? undefined,
              albumGain: gain.album_gain ?? undefined,
              albumPeak: gain.album_peak ?? undefined,
            }
          : undefined,
      };
    }),
  );
}

/** An album (`AlbumID3`); `starred` from the caller's saved albums, `userRating` (OpenSubsonic) from their ratings. */
export function album(a: SimplifiedAlbum | Album, starredAt?: number, userRating?: number): Node {
  const genres = 'genres' in a ? a.genres : [];
  const year = a.release_date ? Number.parseInt(a.release_date.slice(0, 4), 10) : undefined;
  return {
    id: a.id,
    name: a.name,
    artist: display(a.artists),
    artistId: a.artists[0]?.id,
    coverArt: a.images.length ? albumCoverId(a.id) : undefined,
    songCount: a.total_tracks,
    duration: seconds(a.duration_ms),
    created: a.added_at,
    starred: iso(starredAt),
    year: Number.isFinite(year) ? year : undefined,
    genre: genres[0],
    // OpenSubsonic
    userRating,
    musicBrainzId: 'musicbrainz_id' in a ? (a.musicbrainz_id ?? undefined) : undefined,
    isCompilation: a.album_type === 'compilation',
    displayArtist: display(a.artists),
    genres: jsonOnly(genres.map((name) => ({ name }))),
    artists: jsonOnly(artistsOf(a.artists)),
    releaseTypes: jsonOnly([a.album_type === 'compilation' ? 'Compilation' : a.album_type === 'single' ? 'Single' : 'Album']),
  };
}

/** An artist (`ArtistID3`); `userRating` is OpenSubsonic's. */
export function artist(a: Artist, starredAt?: number, userRating?: number): Node {
  return {
    id: a.id,
    name: a.name,
    coverArt: a.images.length ? `ar-${a.id}` : undefined,
    albumCount: a.album_count,
    starred: iso(starredAt),
    // OpenSubsonic
    userRating,
    musicBrainzId: a.musicbrainz_id ?? undefined,
  };
}

/** An album as a directory (`child` with `isDir`), for the folder-based lists: getAlbumList, search2, an artist's directory. */
export function albumDirectory(a: SimplifiedAlbum | Album, starredAt?: number, userRating?: number): Node {
  const genres = 'genres' in a ? a.genres : [];
  const year = a.release_date ? Number.parseInt(a.release_date.slice(0, 4), 10) : undefined;
  return {
    id: a.id,
    parent: a.artists[0]?.id,
    isDir: true,
    title: a.name,
    album: a.name,
    artist: display(a.artists),
    year: Number.isFinite(year) ? year : undefined,
    genre: genres[0],
    coverArt: a.images.length ? albumCoverId(a.id) : undefined,
    duration: seconds(a.duration_ms),
    userRating,
    created: a.added_at,
    starred: iso(starredAt),
  };
}

/** An artist as an index entry (`Artist`, the folder-based shape). */
export function artistEntry(a: { id: string; name: string }, starredAt?: number, userRating?: number): Node {
  return { id: a.id, name: a.name, starred: iso(starredAt), userRating };
}

/** Articles left out when artists are filed under a letter: the catalogue's A–Z ignores a leading "The". */
export const IGNORED_ARTICLES = 'The';

/**
 * The caller's language for A–Z lists and index letters: the one chosen in Runnel's Settings,
 * else the app's Accept-Language (most apps send none), else English.
 */
export const callLanguage = (call: Pick<Call, 'user' | 'request'>): Language => listenerLanguage(call.user.language, call.request.headers['accept-language']);

/**
 * Entries grouped by index letter (accents folded, articles ignored; in Swedish Å, Ä, Ö are
 * letters of their own), the language's A–Z then `#`, keeping each group's order.
 */
export function byIndexLetter<T>(items: T[], name: (item: T) => string, language: Language): { name: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const letter = indexLetter(name(item), language);
    const group = groups.get(letter);
    if (group) group.push(item);
    else groups.set(letter, [item]);
  }
  return [...groups.entries()].sort(([a], [b]) => compareIndexLetters(a, b, language)).map(([letter, list]) => ({ name: letter, items: list }));
}
