import { CommonCollector, PICTURE_TYPES, Unsure, type CommonId } from './common.ts';

type Encoding = 'latin1' | 'utf-16le' | 'utf-16be' | 'utf8';
const ENCODINGS: Encoding[] = ['latin1', 'utf-16le', 'utf-16be', 'utf8'];
const utf8 = new TextDecoder('utf-8');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text as music-metadata decodes it (a leading FF FE is dropped whatever the encoding); odd UTF-16 or lone surrogates are left to it. */
export function decode(bytes: Uint8Array, encoding: Encoding): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode(bytes.subarray(2), encoding);
  if (encoding === 'latin1') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  if (encoding === 'utf8') return utf8.decode(bytes);
  const bigEndian = encoding === 'utf-16be' || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (bigEndian && bytes.length % 2) throw new Unsure('odd UTF-16 length');
  const le = Buffer.from(bytes.subarray(0, bytes.length & ~1));
  if (bigEndian) le.swap16();
  const text = le.toString('utf16le');
  if (LONE_SURROGATE.test(text)) throw new Unsure('lone surrogate');
  return bigEndian && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Index of the terminating zero (two zero bytes on an even offset in UTF-16), or the length. */
function findZero(bytes: Uint8Array, encoding: Encoding): number {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    for (let i = 0; i + 1 < bytes.length; i += 2) if (bytes[i] === 0 && bytes[i + 1] === 0) return i;
    return bytes.length;
  }
  const i = bytes.indexOf(0);
  return i < 0 ? bytes.length : i;
}
const zeroLength = (encoding: Encoding) => (encoding.startsWith('utf-16') ? 2 : 1);
const trimNulls = (value: string) => value.replace(/\0+$/, '');

/** Text frames that map onto fields Runnel keeps; every other text frame feeds fields it does not. */
const TEXT: Record<string, CommonId> = {
  TIT2: 'title',
  TPE1: 'artist',
  TPE2: 'albumartist',
  TALB: 'album',
  TRCK: 'track',
  TPOS: 'disk',
  TCON: 'genre',
  TCMP: 'compilation',
  TSOP: 'artistsort',
  TSOA: 'albumsort',
  TSO2: 'albumartistsort',
  TDRC: 'date',
  TDRV: 'date',
  TYER: 'year',
  TDOR: 'originaldate',
  TDRL: 'releasedate',
};
/** TXXX descriptions (upper case) that map onto Runnel's fields. */
const TXXX: Record<string, CommonId> = {
  ARTISTS: 'artists',
  'MUSICBRAINZ RELEASE TRACK ID': 'musicbrainz_trackid',
  'MUSICBRAINZ ALBUM ID': 'musicbrainz_albumid',
  'MUSICBRAINZ ARTIST ID': 'musicbrainz_artistid',
  'MUSICBRAINZ ALBUM ARTIST ID': 'musicbrainz_albumartistid',
  REPLAYGAIN_TRACK_GAIN: 'replaygain_track_gain',
  REPLAYGAIN_TRACK_PEAK: 'replaygain_track_peak',
  REPLAYGAIN_ALBUM_GAIN: 'replaygain_album_gain',
  REPLAYGAIN_ALBUM_PEAK: 'replaygain_album_peak',
};
/** TXXX descriptions music-metadata maps onto Runnel's fields in ways not reproduced here. */
const TXXX_UNSURE = new Set(['DISCOGS_ARTISTS', 'DISCOGS_ARTIST_NAME', 'DISCOGS_ALBUM_ARTISTS', 'DISCOGS_DATE', 'DISCOGS_RELEASED', 'STYLE']);
/** Frames that feed Runnel's fields through paths not reproduced here (lyrics, chapters). */
const FRAMES_UNSURE = new Set(['USLT', 'SYLT', 'CHAP', 'CTOC']);
/** v2.3 frames whose text is split on '/' when it has no NUL separators. */
const SLASH_SPLIT = new Set(['TPE1', 'TPE2', 'TPE3', 'TPE4', 'TCOM', 'TEXT', 'TOLY', 'TOPE', 'TXXX', 'TSRC', 'IPLS']);
function splitValue(major: number, frame: string, text: string): string[] {
  let values = text.split('\0');
  if (major < 4 && values.length === 1 && SLASH_SPLIT.has(frame)) values = text.split('/');
  return values.map((v) => trimNulls(v).trim());
}

const syncsafe = (b: Uint8Array, at: number) => {
  if ((b[at]! | b[at + 1]! | b[at + 2]! | b[at + 3]!) & 0x80) throw new Unsure('not a syncsafe integer');
  return (b[at]! << 21) | (b[at + 1]! << 14) | (b[at + 2]! << 7) | b[at + 3]!;
};

/** ID3v2 header at `at`, or null: the tag's total length (header included). */
export function id3v2Length(head: Uint8Array, at = 0): number | null {
  if (head.length < at + 10 || head[at] !== 0x49 || head[at + 1] !== 0x44 || head[at + 2] !== 0x33) return null;
  return 10 + syncsafe(head, at + 6);
}

function removeUnsync(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let w = 0;
  let r = 0;
  while (r < bytes.length - 1) {
    out[w++] = bytes[r]!;
    r += bytes[r] === 0xff && bytes[r + 1] === 0 ? 2 : 1;
  }
  if (r < bytes.length) out[w++] = bytes[r]!;
  return out.subarray(0, w);
}

/**
 * Reads an ID3v2.3/2.4 tag (`tag` starts at "ID3") into `collect`. Returns the offset in
 * `tag` where music-metadata's parser would continue. Throws Unsure on anything it does
 * not reproduce exactly: tag-level unsynchronisation, a footer, compressed or encrypted
 * frames, lyrics and chapters, genre codes, pictures without a MIME type.
 */
export function readId3v2(tag: Uint8Array, collect: CommonCollector): number {
  const major = tag[3]!;
  const flags = tag[5]!;
  if (major !== 3 && major !== 4) throw new Unsure(`ID3v2.${major}`);
  if (flags & 0x80) throw new Unsure('tag-level unsynchronisation');
  if (major === 4 && flags & 0x10) throw new Unsure('ID3v2.4 footer');
  const size = syncsafe(tag, 6);
  let start = 10;
  let length = size;
  if (flags & 0x40) {
    // Read as music-metadata does: a 32-bit size, then data of the tag size less that size.
    const extended = Buffer.from(tag.buffer, tag.byteOffset + 10, 4).readUInt32BE(0);
    start = 20 + Math.max(0, extended - 10);
    length = size - extended;
  }
  if (length < 0 || start + length > tag.length) throw new Unsure('extended header out of range');
  const data = tag.subarray(start, start + length);
  let offset = 0;
  while (offset !== data.length) {
    if (offset + 10 > data.length) break;
    const id = String.fromCharCode(data[offset]!, data[offset + 1]!, data[offset + 2]!, data[offset + 3]!);
    // Padding is walked as music-metadata walks it: as frames with an all-zero id, which it ignores.
    const padding = id === '\0\0\0\0';
    if (!padding && !/^[A-Z0-9]{4}$/.test(id)) throw new Unsure('bad frame id');
    const frameLength = major === 4 ? syncsafe(data, offset + 4) : Buffer.from(data.buffer, data.byteOffset + offset + 4, 4).readUInt32BE(0);
    const formatFlags = data[offset + 9]!;
    let body = data.subarray(offset + 10, offset + 10 + frameLength);
    offset = Math.min(offset + 10 + frameLength, data.length);
    if (major === 3 && formatFlags & 0xe0) throw new Unsure('compressed, encrypted or grouped frame');
    if (major === 4) {
      if (formatFlags & 0x4c) throw new Unsure('compressed, encrypted or grouped frame');
      if (formatFlags & 0x02) body = removeUnsync(body);
      if (formatFlags & 0x01) body = body.subarray(4);
    }
    if (body.length && !padding) frame(major, id, body, collect);
  }
  return start + length;
}

function frame(major: number, id: string, body: Uint8Array, collect: CommonCollector) {
  if (FRAMES_UNSURE.has(id)) throw new Unsure(`${id} frame`);
  const encoding = ENCODINGS[body[0]!] ?? 'utf8';
  if (id === 'TXXX') {
    const zero = findZero(body.subarray(1), encoding);
    const description = decode(body.subarray(1, 1 + zero), encoding);
    const values = splitValue(major, id, trimNulls(decode(body.subarray(1 + zero + zeroLength(encoding)), encoding)));
    const key = description.toUpperCase();
    if (TXXX_UNSURE.has(key)) throw new Unsure(`TXXX:${description}`);
    if (key === 'TCMP' || key === 'COMPILATION') collect.compilationFlag ||= values.some(isTrue);
    const common = TXXX[key];
    if (common) for (const value of values) collect.add(common, value);
    return;
  }
  if (id[0] === 'T') {
    const common = TEXT[id];
    if (!common) return;
    const text = trimNulls(decode(body.subarray(1), encoding));
    if (id === 'TIT2' || id === 'TRCK' || id === 'TPOS') return collect.add(common, text);
    const values = id === 'TPE1' || id === 'TCON' || major >= 4 ? splitValue(major, id, text) : [text];
    if (id === 'TCMP') collect.compilationFlag ||= values.some(isTrue);
    for (const value of values) {
      if (id === 'TCON') {
        if (/[()]/.test(value) || /^\d*$/.test(value)) {
          if (value === '') continue;
          throw new Unsure('ID3 genre code');
        }
      }
      collect.add(common, value);
    }
    return;
  }
  if (id === 'UFID') {
    const zero = findZero(body, 'latin1');
    if (decode(body.subarray(0, zero), 'latin1') === 'http://musicbrainz.org')
      collect.add('musicbrainz_recordingid', decode(body.subarray(zero + 1), 'latin1'));
    return;
  }
  if (id === 'APIC') {
    let rest = body.subarray(1);
    const formatEnd = findZero(rest, 'latin1');
    const format = decode(rest.subarray(0, formatEnd), 'latin1').toLocaleLowerCase();
    rest = rest.subarray(formatEnd + 1);
    const type = PICTURE_TYPES[rest[0]!];
    rest = rest.subarray(1);
    const descriptionEnd = findZero(rest, encoding);
    decode(rest.subarray(0, descriptionEnd), encoding);
    const data = rest.subarray(descriptionEnd + zeroLength(encoding));
    collect.addPicture(format === 'jpg' ? 'image/jpeg' : format === 'png' ? 'image/png' : format, type, data);
  }
}

const isTrue = (value: string) => ['1', 'true'].includes(value.trim().toLowerCase());
