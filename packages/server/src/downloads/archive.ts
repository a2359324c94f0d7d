import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { AppError } from '../errors.ts';
import { fileName, trackFileName, trackLabel, uniqueNames, type NamedTrack } from './names.ts';
import { zipSize, type ZipEntry } from './zip.ts';

/** A track to put in an archive, with its number there (`07`, `2-07`). */
export interface ArchiveTrack {
  track: NamedTrack & { id: string };
  number: string;
}

export interface ArchiveInput {
  /** The zip's name without `.zip`: `Artist - Album`, or the playlist's name. */
  title: string;
  /** The M3U's name without `.m3u8`: the album's or playlist's name. */
  listName: string;
  tracks: ArchiveTrack[];
  /** The album's cover, saved as `cover.<extension>`. */
  cover?: { bytes: Uint8Array; extension: string };
  /** Where these tracks' files are (ids not in the map have none). */
  paths: (ids: string[]) => Promise<Map<string, string>>;
}

/** An archive ready to stream: its entries (files opened only when their turn comes) and its exact length. */
export interface Archive {
  fileName: string;
  entries: ZipEntry[];
  size: number;
  /** Tracks left out because their file is missing. */
  missing: number;
}

/** Files checked at once; a playlist of thousands should not open thousands of stats together. */
const STAT_PARALLEL = 16;

/**
 * Plans an album's or playlist's zip: each track's file as `NN Artist - Title.ext`, the cover,
 * and an M3U in the tracks' order. Every file is checked before the first byte is sent, so a
 * missing one is left out (and noted in the M3U) rather than breaking the download halfway;
 * the sizes from those checks give the exact length for Content-Length.
 */
export async function planArchive(input: ArchiveInput): Promise<Archive> {
  const files = await locate(input.tracks, input.paths);
  const unique = uniqueNames();
  const playlist = ['#EXTM3U'];
  const audio: ZipEntry[] = [];
  input.tracks.forEach(({ track, number }, i) => {
    const file = files[i];
    if (!file) {
      playlist.push(`# Not included, its file is missing on the server: ${trackLabel(track)}`);
      return;
    }
    const name = unique(trackFileName(number, track));
    playlist.push(`#EXTINF:${Math.round(track.duration_ms / 1000)},${trackLabel(track)}`, name);
    audio.push({ name, mtime: file.mtime, size: file.size, data: () => createReadStream(file.path) });
  });
  if (!audio.length) throw new AppError('file_not_found', 404, 'None of its tracks has a file on the server to download');
  // The cover and M3U take the newest file's time: while nothing changes, a download again is the same bytes.
  const mtime = new Date(audio.reduce((newest, entry) => Math.max(newest, entry.mtime.getTime()), 0));
  const entries: ZipEntry[] = [];
  if (input.cover) entries.push({ name: unique(`cover.${input.cover.extension}`), mtime, bytes: input.cover.bytes });
  const m3u = Buffer.from(`${playlist.join('\n')}\n`, 'utf8');
  entries.push({ name: unique(fileName(input.listName, 'm3u8', 'Playlist')), mtime, bytes: m3u }, ...audio);
  return { fileName: fileName(input.title, 'zip', 'Download'), entries, size: zipSize(entries)!, missing: input.tracks.length - audio.length };
}

interface Located {
  path: string;
  size: number;
  mtime: Date;
}

/** Each track's file as it is on disk now (size and time from stat), or undefined when it is gone. */
async function locate(tracks: ArchiveTrack[], paths: ArchiveInput['paths']): Promise<(Located | undefined)[]> {
  const where = await paths([...new Set(tracks.map((t) => t.track.id))]);
  const found: (Located | undefined)[] = new Array(tracks.length);
  let next = 0;
  const worker = async () => {
    while (next < tracks.length) {
      const i = next++;
      const path = where.get(tracks[i]!.track.id);
      const stats = path ? await stat(path).catch(() => undefined) : undefined;
      found[i] = path && stats?.isFile() ? { path, size: stats.size, mtime: stats.mtime } : undefined;
    }
  };
  await Promise.all(Array.from({ length: Math.min(STAT_PARALLEL, tracks.length) }, worker));
  return found;
}
