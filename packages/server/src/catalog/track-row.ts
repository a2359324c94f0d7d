import { extname } from 'node:path';
import { UNKNOWN_ALBUM, UNKNOWN_ARTIST, VARIOUS_ARTISTS } from './keys.ts';
import type { TracksTable } from './tables.ts';
import type { ScannedFile } from './types.ts';

/** Album artists of a file: tagged ones, else "Various Artists" for a compilation, else the track's first artist. */
export function albumArtistsOf(file: ScannedFile): string[] {
  if (file.tags.albumArtists.length) return file.tags.albumArtists;
  if (file.tags.compilation) return [VARIOUS_ARTISTS];
  return [file.tags.artists[0] ?? UNKNOWN_ARTIST];
}

export const trackArtistsOf = (file: ScannedFile) => (file.tags.artists.length ? file.tags.artists : [UNKNOWN_ARTIST]);
export const albumNameOf = (file: ScannedFile) => file.tags.album ?? UNKNOWN_ALBUM;

/** The tracks row a scanned file makes. */
export function trackRow(file: ScannedFile, id: string, albumId: string, t: number): TracksTable {
  const tags = file.tags;
  const base = file.path.slice(file.path.lastIndexOf('/') + 1);
  return {
    id,
    name: tags.title ?? base.replace(/\.[^.]+$/, ''),
    album_id: albumId,
    track_number: tags.trackNumber ?? 0,
    track_total: tags.trackTotal,
    disc_number: tags.discNumber ?? 1,
    disc_total: tags.discTotal,
    duration_ms: tags.durationMs,
    year: tags.year,
    date: tags.date,
    codec: tags.codec,
    container: tags.container,
    suffix: extname(file.path).slice(1).toLowerCase(),
    bitrate: tags.bitrate,
    sample_rate: tags.sampleRate,
    channels: tags.channels,
    lossless: tags.lossless ? 1 : 0,
    mbid: tags.mbRecordingId,
    mb_track_id: tags.mbTrackId,
    rg_track_gain: tags.rgTrackGain,
    rg_track_peak: tags.rgTrackPeak,
    rg_album_gain: tags.rgAlbumGain,
    rg_album_peak: tags.rgAlbumPeak,
    lyrics: tags.lyrics,
    artist_names: trackArtistsOf(file).join(', '),
    genre_names: JSON.stringify(tags.genres),
    folder_id: file.folderId,
    path: file.path,
    size: file.size,
    mtime_ms: Math.floor(file.mtimeMs),
    content_hash: file.contentHash,
    image_id: file.embeddedImage?.id ?? null,
    created_at: t,
    updated_at: t,
    removed_at: null,
  };
}

/** Items with distinct keys, first one kept. */
export function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
