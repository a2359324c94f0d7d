import { CommonCollector, PICTURE_TYPES, Unsure, type CommonId, type FormatFields } from './common.ts';

/** Vorbis comment names that map onto Runnel's fields (music-metadata's mapping). */
const VORBIS: Record<string, CommonId> = {
  TITLE: 'title',
  ARTIST: 'artist',
  ARTISTS: 'artists',
  ALBUMARTIST: 'albumartist',
  'ALBUM ARTIST': 'albumartist',
  ALBUM: 'album',
  DATE: 'date',
  ORIGINALDATE: 'originaldate',
  RELEASEDATE: 'releasedate',
  TRACKNUMBER: 'track',
  DISCNUMBER: 'disk',
  GENRE: 'genre',
  LYRICS: 'lyrics',
  UNSYNCEDLYRICS: 'lyrics',
  ALBUMSORT: 'albumsort',
  ARTISTSORT: 'artistsort',
  ALBUMARTISTSORT: 'albumartistsort',
  TRACKTOTAL: 'totaltracks',
  DISCTOTAL: 'totaldiscs',
  TOTALTRACKS: 'totaltracks',
  TOTALDISCS: 'totaldiscs',
  COMPILATION: 'compilation',
  MUSICBRAINZ_TRACKID: 'musicbrainz_recordingid',
  MUSICBRAINZ_RELEASETRACKID: 'musicbrainz_trackid',
  MUSICBRAINZ_ALBUMID: 'musicbrainz_albumid',
  MUSICBRAINZ_ARTISTID: 'musicbrainz_artistid',
  MUSICBRAINZ_ALBUMARTISTID: 'musicbrainz_albumartistid',
  REPLAYGAIN_TRACK_GAIN: 'replaygain_track_gain',
  REPLAYGAIN_TRACK_PEAK: 'replaygain_track_peak',
  REPLAYGAIN_ALBUM_GAIN: 'replaygain_album_gain',
  REPLAYGAIN_ALBUM_PEAK: 'replaygain_album_peak',
};
/** Names music-metadata maps onto Runnel's fields in ways not reproduced here (Discogs fields, STYLE as genre). */
const VORBIS_UNSURE = new Set(['DISCOGS_ARTISTS', 'DISCOGS_ARTIST_NAME', 'DISCOGS_ALBUM_ARTISTS', 'DISCOGS_DATE', 'DISCOGS_RELEASED', 'STYLE']);
const utf8 = new TextDecoder('utf-8');
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * How many bytes from the start of a FLAC file hold all its metadata blocks, as far as
 * `head` tells: `complete` once every block header has been seen (pictures can make the
 * metadata longer than a first read). Null: not a plain FLAC file.
 */
export function flacMetadataEnd(head: Uint8Array): { end: number; complete: boolean } | null {
  if (head.length < 8 || head[0] !== 0x66 || head[1] !== 0x4c || head[2] !== 0x61 || head[3] !== 0x43) return null;
  let at = 4;
  for (;;) {
    if (at + 4 > head.length) return { end: at + 4, complete: false };
    const last = (head[at]! & 0x80) !== 0;
    at += 4 + ((head[at + 1]! << 16) | (head[at + 2]! << 8) | head[at + 3]!);
    if (last) return { end: at, complete: true };
  }
}

/** STREAMINFO, Vorbis comments and PICTURE blocks of a FLAC file whose metadata is all in `bytes`. */
export function readFlac(bytes: Uint8Array, fileSize: number, collect: CommonCollector): FormatFields {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let at = 4;
  let format: FormatFields | null = null;
  for (;;) {
    const last = (bytes[at]! & 0x80) !== 0;
    const type = bytes[at]! & 0x7f;
    const length = (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const body = bytes.subarray(at + 4, at + 4 + length);
    if (body.length !== length) throw new Unsure('FLAC block beyond the bytes read');
    if (type === 0) {
      if (length !== 34) throw new Unsure('odd STREAMINFO');
      const sampleRate = ((body[10]! << 16) | (body[11]! << 8) | body[12]!) >> 4;
      const channels = ((body[12]! >> 1) & 7) + 1;
      // Read as music-metadata reads it: the top four bits are OR-ed in unshifted, the rest as a signed 32-bit number.
      const totalSamples = (body[13]! & 0x0f) | view.getInt32(at + 4 + 14);
      format = {
        container: 'FLAC',
        codec: 'FLAC',
        lossless: true,
        sampleRate,
        numberOfChannels: channels,
        duration: totalSamples > 0 ? totalSamples / sampleRate : undefined,
        bitrate: undefined,
      };
    } else if (type === 4) comments(body, collect, false);
    else if (type === 6) picture(body, collect);
    else if (type > 6) throw new Unsure(`FLAC block type ${type}`);
    at += 4 + length;
    if (last) break;
  }
  if (!format) throw new Unsure('no STREAMINFO');
  if (format.duration) format.bitrate = (8 * (fileSize - at)) / format.duration;
  return format;
}

/**
 * A Vorbis comment list (FLAC block, Ogg Vorbis comment header, OpusTags after its magic).
 * `base64Pictures`: whether METADATA_BLOCK_PICTURE is read (Ogg) or left to music-metadata (FLAC,
 * where it mixes with PICTURE blocks).
 */
export function comments(body: Uint8Array, collect: CommonCollector, base64Pictures: boolean) {
  const view = new DataView(body.buffer, body.byteOffset, body.length);
  let at = 4 + view.getUint32(0, true);
  const count = view.getUint32(at, true);
  at += 4;
  for (let i = 0; i < count; i++) {
    const length = view.getUint32(at, true);
    if (at + 4 + length > body.length) throw new Unsure('Vorbis comment beyond its block');
    const entry = utf8.decode(body.subarray(at + 4, at + 4 + length));
    at += 4 + length;
    const eq = entry.indexOf('=');
    const key = entry.substring(0, eq).toUpperCase();
    const value = entry.substring(eq + 1);
    if (VORBIS_UNSURE.has(key)) throw new Unsure(`Vorbis comment ${key}`);
    if (key === 'METADATA_BLOCK_PICTURE') {
      // music-metadata decodes it with atob, which refuses what Buffer would quietly skip.
      if (!base64Pictures || value.length % 4 !== 0 || !BASE64.test(value)) throw new Unsure('METADATA_BLOCK_PICTURE');
      picture(Buffer.from(value, 'base64'), collect);
      continue;
    }
    if (key === 'COMPILATION') collect.compilationFlag ||= ['1', 'true'].includes(value.trim().toLowerCase());
    const common = VORBIS[key];
    if (common) collect.add(common, value);
  }
}

/** A FLAC PICTURE block's body (also what METADATA_BLOCK_PICTURE holds, base64-encoded). */
export function picture(body: Uint8Array, collect: CommonCollector) {
  const view = new DataView(body.buffer, body.byteOffset, body.length);
  const type = view.getUint32(0);
  const mimeLength = view.getUint32(4);
  const format = utf8.decode(body.subarray(8, 8 + mimeLength));
  let at = 8 + mimeLength;
  at += 4 + view.getUint32(at);
  at += 16;
  const dataLength = view.getUint32(at);
  at += 4;
  collect.addPicture(format, PICTURE_TYPES[type], body.subarray(at, at + dataLength));
}
