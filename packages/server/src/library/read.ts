import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { IAudioMetadata, ICommonTagsResult, IFormat } from 'music-metadata';
import { MAX_PICTURE_BYTES } from '../catalog/artwork.ts';
import type { ArtworkInput, TrackTags } from '../catalog/types.ts';
import type { CommonFields } from './fast/common.ts';
import { readFast } from './fast/index.ts';
import { lastGranule } from './fast/ogg.ts';
import { problem, type ScanProblem } from './issues.ts';

/** What the read phase learns about one file. */
export interface ReadResult {
  contentHash: string;
  tags: TrackTags;
  /** The embedded picture's bytes and type, or null; the caller stores it. */
  picture: { data: Uint8Array; mime: string } | null;
  /** Problems that did not stop the file from being added (e.g. a giant picture ignored). */
  warnings: ScanProblem[];
}

/** Bytes hashed from the start, the middle and the end of a file. */
const WINDOW = 4 * 1024;

/**
 * A content hash that survives moves and renames: the size plus three sampled windows of
 * the bytes. It is cheap (12 KiB read per file, whatever its size) and changes whenever
 * tags are edited (they sit in the first or last window, and usually change the size), so
 * an edited-and-moved file is a new track while a moved one keeps its identity.
 * Synchronous on purpose: it runs on reader threads, where a promise per system call costs
 * more than the call.
 */
export function contentHash(path: string, size: number): string {
  const hash = createHash('sha1');
  hash.update(String(size));
  const fd = openSync(path, 'r');
  try {
    const whole = size <= 3 * WINDOW;
    const buffer = Buffer.alloc(whole ? size : WINDOW);
    for (const offset of whole ? [0] : [0, Math.floor(size / 2) - WINDOW / 2, size - WINDOW]) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, offset);
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('base64url');
}

const FEAT = /\s+(?:feat\.?|ft\.|featuring)\s+/i;

/** Track artists: several tags or values kept apart; "A feat. B" and "A; B" made into A and B. */
export function splitArtists(common: Pick<ICommonTagsResult, 'artist' | 'artists'>): string[] {
  const raw = common.artists?.length ? common.artists : common.artist ? [common.artist] : [];
  const out: string[] = [];
  for (const value of raw) {
    for (const part of value.split(FEAT).flatMap((p) => p.split(/\s*;\s*/))) {
      const name = part.replace(/^\(|\)$/g, '').trim();
      if (name && !out.some((o) => o.toLowerCase() === name.toLowerCase())) out.push(name);
    }
  }
  // Some taggers write "A feat. B" in ARTIST and A, B in ARTISTS: the combined string is not an artist.
  if (out.length > 1 && common.artist && FEAT.test(common.artist)) return out.filter((n) => n !== common.artist);
  return out;
}

const clean = (value: string | undefined | null): string | null => {
  const trimmed = value?.replace(/\0/g, '').trim();
  return trimmed ? trimmed : null;
};
const positive = (n: number | null | undefined): number | null => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.round(n) : null);
const finite = (n: number | null | undefined): number | null => (typeof n === 'number' && Number.isFinite(n) ? n : null);

function genres(common: CommonFields): string[] {
  const out: string[] = [];
  for (const value of common.genre ?? []) {
    for (const part of value.split(/\s*[;\0]\s*/)) {
      const name = part.trim();
      if (name && !out.some((o) => o.toLowerCase() === name.toLowerCase())) out.push(name);
    }
  }
  return out;
}

/** Synced lyrics (LRC in a text tag, an ID3 SYLT frame in ms) are kept as LRC text, so that they stay synced. */
function lyrics(common: CommonFields): string | null {
  for (const entry of common.lyrics ?? []) {
    const synced = typeof entry !== 'string' && entry.timeStampFormat === 2 && entry.syncText?.some((line) => line.timestamp !== undefined);
    const text =
      typeof entry === 'string'
        ? entry
        : synced
          ? entry.syncText.map((line) => `${lrcStamp(line.timestamp ?? 0)}${line.text}`).join('\n')
          : (entry.text ?? entry.syncText?.map((line) => line.text).join('\n'));
    if (clean(text)) return clean(text);
  }
  return null;
}

const lrcStamp = (ms: number) => `[${String(Math.floor(ms / 60_000)).padStart(2, '0')}:${((ms % 60_000) / 1000).toFixed(3).padStart(6, '0')}]`;

/** Some writers (ffmpeg among them) put the iTunes compilation flag in a TXXX frame, which music-metadata leaves out of `common`. */
function nativeCompilation(metadata: IAudioMetadata): boolean {
  return Object.values(metadata.native).some((tags) =>
    tags.some((tag) => /^(TXXX:)?(TCMP|COMPILATION)$/i.test(tag.id) && ['1', 'true'].includes(String(tag.value).trim().toLowerCase())),
  );
}

/** The audio properties Runnel keeps. */
type FormatFields = Pick<IFormat, 'duration' | 'bitrate' | 'sampleRate' | 'numberOfChannels' | 'codec' | 'container' | 'lossless'>;

/**
 * Maps music-metadata's result (or the fast reader's, which has the same shape) onto
 * Runnel's fields. `nativeCompilation`: a native tag outside `common` flags a compilation.
 */
export function toTags(common: CommonFields, format: FormatFields, nativeCompilation: boolean): TrackTags {
  const date = clean(common.date) ?? clean(common.releasedate) ?? clean(common.originaldate);
  const yearFromDate = date && /^\d{4}/.test(date) ? Number(date.slice(0, 4)) : null;
  const albumArtists = common.albumartists?.length ? common.albumartists : common.albumartist ? [common.albumartist] : [];
  return {
    title: clean(common.title),
    artists: splitArtists(common),
    artistSort: clean(common.artistsort),
    album: clean(common.album),
    albumSort: clean(common.albumsort),
    albumArtists: albumArtists.map((a) => a.trim()).filter(Boolean),
    albumArtistSort: clean(common.albumartistsort),
    compilation: common.compilation === true || nativeCompilation,
    trackNumber: positive(common.track.no),
    trackTotal: positive(common.track.of),
    discNumber: positive(common.disk.no),
    discTotal: positive(common.disk.of),
    year: positive(common.year) ?? yearFromDate,
    date,
    genres: genres(common),
    durationMs: Math.round((format.duration ?? 0) * 1000),
    bitrate: positive(format.bitrate),
    sampleRate: positive(format.sampleRate),
    channels: positive(format.numberOfChannels),
    codec: clean(format.codec),
    container: clean(format.container),
    lossless: format.lossless === true,
    mbRecordingId: clean(common.musicbrainz_recordingid),
    mbTrackId: clean(common.musicbrainz_trackid),
    mbAlbumId: clean(common.musicbrainz_albumid),
    mbArtistIds: common.musicbrainz_artistid ?? [],
    mbAlbumArtistIds: common.musicbrainz_albumartistid ?? [],
    rgTrackGain: finite(common.replaygain_track_gain?.dB),
    rgTrackPeak: finite(common.replaygain_track_peak?.ratio),
    rgAlbumGain: finite(common.replaygain_album_gain?.dB),
    rgAlbumPeak: finite(common.replaygain_album_peak?.ratio),
    lyrics: lyrics(common),
  };
}

/** Seconds of an Ogg stream: the granule position of its last page over the sample rate (Opus counts at 48 kHz). */
export async function oggDuration(path: string, size: number, rate: number | undefined): Promise<number | null> {
  if (!rate) return null;
  const length = Math.min(size, 128 * 1024);
  const buffer = Buffer.alloc(length);
  const handle = await open(path, 'r');
  try {
    await handle.read(buffer, 0, length, size - length);
  } finally {
    await handle.close();
  }
  const granule = lastGranule(buffer);
  return granule === null ? null : Number(granule) / rate;
}

/** A file that is not usable audio: why, by code (the message is the English reason). */
export class UnreadableFile extends Error {
  readonly problem: ScanProblem;
  constructor(code: ScanProblem['code'], detail: string | null = null) {
    const found = problem(code, detail);
    super(found.reason);
    this.problem = found;
  }
}

/**
 * Reads tags, audio properties, embedded picture and content hash of one file. Throws
 * UnreadableFile with a reason. MP3 and FLAC files go through the fast reader (fast/),
 * which gives the same result with a few reads of the bytes it needs; music-metadata reads
 * every other file and any file the fast reader is not sure about.
 */
export async function readAudioFile(path: string, size: number): Promise<ReadResult> {
  if (size === 0) throw new UnreadableFile('empty_file');
  const fast = readFast(path, size);
  if (fast) return finish(fast.common, fast.format, fast.compilationFlag, fast.contentHash);
  let metadata: IAudioMetadata;
  try {
    // Loaded on first use: a reader thread that only meets MP3 and FLAC files never needs it.
    const { parseFile } = await import('music-metadata');
    metadata = await parseFile(path, { duration: false, skipCovers: false });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new UnreadableFile('permission_denied');
    throw new UnreadableFile('not_audio', (error as Error).message.slice(0, 200));
  }
  if (!metadata.format.duration && metadata.format.container === 'Ogg') {
    // music-metadata stops after the headers; the last page's granule position gives the length.
    const duration = await oggDuration(path, size, metadata.format.codec === 'Opus' ? 48_000 : metadata.format.sampleRate);
    if (duration) metadata = { ...metadata, format: { ...metadata.format, duration, bitrate: metadata.format.bitrate ?? (size * 8) / duration } };
  }
  if (metadata.format.hasAudio === false) throw new UnreadableFile('no_audio_stream');
  return finish(metadata.common, metadata.format, nativeCompilation(metadata), contentHash(path, size));
}

function finish(common: CommonFields, format: FormatFields, compilation: boolean, hash: string): ReadResult {
  if (!format.container) throw new UnreadableFile('no_audio_stream');
  if (!format.duration || !Number.isFinite(format.duration) || format.duration <= 0) throw new UnreadableFile('unknown_duration');
  const warnings: ScanProblem[] = [];
  let picture: ReadResult['picture'] = null;
  const pictures = common.picture ?? [];
  const front = pictures.find((p) => /front/i.test(p.type ?? '')) ?? pictures[0];
  if (front) {
    if (front.data.length > MAX_PICTURE_BYTES) warnings.push(problem('picture_too_large', `${(front.data.length / 1048576).toFixed(1)} MB`));
    else if (front.data.length > 0) picture = { data: front.data, mime: front.format.includes('/') ? front.format : `image/${front.format}` };
  }
  return { contentHash: hash, tags: toTags(common, format, compilation), picture, warnings };
}

/** The file's picture as an artwork row, once stored. */
export type StoredPicture = ArtworkInput;
