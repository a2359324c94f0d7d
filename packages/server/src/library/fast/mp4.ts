import { Unsure, type CommonCollector, type CommonId, type FormatFields } from './common.ts';

/** ilst item names (upper case, as music-metadata compares them) that map onto Runnel's fields. */
const ITEMS: Record<string, CommonId> = {
  '©NAM': 'title',
  '©ART': 'artist',
  AART: 'albumartist',
  '----:COM.APPLE.ITUNES:BAND': 'albumartist',
  '©ALB': 'album',
  '©DAY': 'date',
  '©GEN': 'genre',
  '©LYR': 'lyrics',
  SOAL: 'albumsort',
  SOAR: 'artistsort',
  SOAA: 'albumartistsort',
  '----:COM.APPLE.ITUNES:ALBUMARTISTSORT': 'albumartistsort',
  '----:COM.APPLE.ITUNES:ARTISTS': 'artists',
  '----:COM.APPLE.ITUNES:ORIGINALDATE': 'originaldate',
  '----:COM.APPLE.ITUNES:RELEASEDATE': 'releasedate',
  '----:COM.APPLE.ITUNES:MUSICBRAINZ TRACK ID': 'musicbrainz_recordingid',
  '----:COM.APPLE.ITUNES:MUSICBRAINZ RELEASE TRACK ID': 'musicbrainz_trackid',
  '----:COM.APPLE.ITUNES:MUSICBRAINZ ALBUM ID': 'musicbrainz_albumid',
  '----:COM.APPLE.ITUNES:MUSICBRAINZ ARTIST ID': 'musicbrainz_artistid',
  '----:COM.APPLE.ITUNES:MUSICBRAINZ ALBUM ARTIST ID': 'musicbrainz_albumartistid',
  '----:COM.APPLE.ITUNES:REPLAYGAIN_TRACK_GAIN': 'replaygain_track_gain',
  '----:COM.APPLE.ITUNES:REPLAYGAIN_TRACK_PEAK': 'replaygain_track_peak',
  '----:COM.APPLE.ITUNES:REPLAYGAIN_ALBUM_GAIN': 'replaygain_album_gain',
  '----:COM.APPLE.ITUNES:REPLAYGAIN_ALBUM_PEAK': 'replaygain_album_peak',
};
const CODECS: Record<string, { codec: string; lossless: boolean }> = {
  mp4a: { codec: 'MPEG-4/AAC', lossless: false },
  alac: { codec: 'ALAC', lossless: true },
};
const utf8 = new TextDecoder('utf-8');
const latin1 = (b: Uint8Array, from: number, to: number) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1', from, to);

export interface Mp4Io {
  /** `length` bytes from `offset` (throws Unsure past the end). */
  at(offset: number, length: number): Uint8Array;
}

interface Box {
  name: string;
  start: number;
  end: number;
}
/** The boxes in bytes[from, to): name, payload start and end. */
function boxes(bytes: Uint8Array, from: number, to: number): Box[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out: Box[] = [];
  for (let at = from; at < to;) {
    if (at + 8 > to) throw new Unsure('truncated box');
    let size = view.getUint32(at);
    let header = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) size = to - at;
    if (size < header || at + size > to) throw new Unsure('box size');
    out.push({ name: latin1(bytes, at + 4, at + 8), start: at + header, end: at + size });
    at += size;
  }
  return out;
}
const only = (list: Box[], name: string) => {
  const found = list.filter((b) => b.name === name);
  if (found.length !== 1) throw new Unsure(`${found.length} ${name} boxes`);
  return found[0]!;
};

/**
 * An M4A file (AAC or ALAC, one audio track) as music-metadata reads it: the container
 * from ftyp's brands, codec, sample rate and channels from stsd, length from mdhd, bitrate
 * from the sample sizes, tags from moov/udta/meta/ilst. Fragmented files, more than one
 * track, genre codes and anything unusual are left to music-metadata.
 */
export function readMp4(io: Mp4Io, size: number, collect: CommonCollector): FormatFields {
  // Top level: ftyp first, then find moov (before or after mdat).
  let container: string | null = null;
  let moov: Uint8Array | null = null;
  for (let at = 0; at < size;) {
    const header = io.at(at, Math.min(16, size - at));
    if (header.length < 8) throw new Unsure('truncated top-level box');
    const view = new DataView(header.buffer, header.byteOffset, header.length);
    let length = view.getUint32(0);
    const name = latin1(header, 4, 8);
    let headerLength = 8;
    if (length === 1) {
      if (header.length < 16) throw new Unsure('truncated box');
      length = Number(view.getBigUint64(8));
      headerLength = 16;
    } else if (length === 0) length = size - at;
    if (length < headerLength || at + length > size || name === '\0\0\0\0') throw new Unsure('top-level box');
    if (at === 0 && name !== 'ftyp') throw new Unsure('no ftyp first');
    if (name === 'ftyp') {
      if (length > 1024) throw new Unsure('ftyp size'); // a hostile size must not make it read the whole file
      const body = io.at(at + headerLength, length - headerLength);
      if (body.length < 8 || body.length % 4) throw new Unsure('ftyp');
      const brands: string[] = [];
      for (let i = 0; i < body.length; i += 4) {
        const brand = latin1(body, i, i + 4).replace(/\W/g, '');
        if (brand && !brands.includes(brand)) brands.push(brand);
      }
      container = brands.join('/');
    } else if (name === 'moov') {
      if (moov || length > 16 * 1024 * 1024) throw new Unsure('moov');
      moov = io.at(at + headerLength, length - headerLength);
    } else if (name === 'moof' || name === 'meta' || name === 'udta') throw new Unsure(`top-level ${name}`);
    at += length;
  }
  if (!container || !moov) throw new Unsure('no ftyp or moov');
  const children = boxes(moov, 0, moov.length);
  const format = track(moov, only(children, 'trak'));
  const udta = children.filter((b) => b.name === 'udta');
  if (children.some((b) => b.name === 'meta') || udta.length > 1) throw new Unsure('metadata outside moov/udta/meta');
  if (udta[0]) tags(moov, udta[0], collect);
  return { container, ...format };
}

function track(bytes: Uint8Array, trak: Box): Omit<FormatFields, 'container'> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const mdia = only(boxes(bytes, trak.start, trak.end), 'mdia');
  const inMdia = boxes(bytes, mdia.start, mdia.end);
  const hdlr = only(inMdia, 'hdlr');
  if (latin1(bytes, hdlr.start + 8, hdlr.start + 12) !== 'soun') throw new Unsure('not a sound track');
  const mdhd = only(inMdia, 'mdhd');
  const v1 = bytes[mdhd.start] === 1;
  const timeScale = view.getUint32(mdhd.start + (v1 ? 20 : 12));
  const units = v1 ? Number(view.getBigUint64(mdhd.start + 24)) : view.getUint32(mdhd.start + 16);
  if (!timeScale || !units) throw new Unsure('no length in mdhd');
  const minf = only(inMdia, 'minf');
  const stbl = only(boxes(bytes, minf.start, minf.end), 'stbl');
  const inStbl = boxes(bytes, stbl.start, stbl.end);
  const stsd = only(inStbl, 'stsd');
  if (view.getUint32(stsd.start + 4) !== 1) throw new Unsure('stsd entries');
  const entry = stsd.start + 8;
  const codec = CODECS[latin1(bytes, entry + 4, entry + 8)];
  const version = view.getInt16(entry + 16);
  if (!codec || (version !== 0 && version !== 1) || view.getUint32(entry) < 16 + 8 + 12) throw new Unsure('sample entry');
  const channels = view.getInt16(entry + 24);
  // music-metadata reads the 16.16 fixed-point rate as integer part + fraction / 10000.
  const sampleRate = view.getUint16(entry + 32) + view.getUint16(entry + 34) / 10000;
  const stsz = only(inStbl, 'stsz');
  if (view.getUint32(stsz.start + 4) !== 0) throw new Unsure('constant sample size');
  const count = view.getUint32(stsz.start + 8);
  if (stsz.start + 12 + 4 * count > stsz.end) throw new Unsure('stsz');
  let total = 0;
  for (let i = 0; i < count; i++) total += view.getUint32(stsz.start + 12 + 4 * i);
  const duration = units / timeScale;
  return { ...codec, sampleRate, numberOfChannels: channels, duration, bitrate: total ? (8 * total) / duration : undefined };
}

function tags(bytes: Uint8Array, udta: Box, collect: CommonCollector) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const metas = boxes(bytes, udta.start, udta.end).filter((b) => b.name === 'meta');
  if (metas.length > 1) throw new Unsure('meta boxes');
  if (!metas[0]) return;
  const meta = metas[0];
  // QuickTime's meta has no version and flags, ISO's has four bytes of them: music-metadata looks for hdlr.
  const skip = latin1(bytes, meta.start + 4, meta.start + 8) === 'hdlr' ? 0 : 4;
  const lists = boxes(bytes, meta.start + skip, meta.end).filter((b) => b.name === 'ilst');
  if (lists.length > 1) throw new Unsure('ilst boxes');
  for (const item of lists[0] ? boxes(bytes, lists[0].start, lists[0].end) : []) {
    let key = item.name;
    for (const child of boxes(bytes, item.start, item.end)) {
      if (child.name === 'mean' || child.name === 'name') key += `:${utf8.decode(bytes.subarray(child.start + 4, child.end))}`;
      else if (child.name === 'rate') throw new Unsure('rate in an item');
      else if (child.name === 'data') {
        if (child.end - child.start < 8 || bytes[child.start] !== 0) throw new Unsure('data box');
        value(key, view.getUint32(child.start) & 0xffffff, bytes.subarray(child.start + 8, child.end), collect);
      }
    }
  }
}

function value(key: string, type: number, data: Uint8Array, collect: CommonCollector) {
  const upper = key.toUpperCase();
  if (upper === 'GNRE') throw new Unsure('genre code');
  if (upper === 'TRKN' || upper === 'DISK') {
    if (type !== 0 || data.length < 6) throw new Unsure(`${key} data`);
    collect.add(upper === 'TRKN' ? 'track' : 'disk', `${data[3]}/${data[5]}`);
  } else if (upper === 'CPIL') {
    if ((type !== 21 && type !== 22) || ![1, 2, 4].includes(data.length)) throw new Unsure('cpil data');
    const n = Buffer.from(data).readUIntBE(0, data.length);
    collect.add('compilation', n === 1 ? '1' : '0');
  } else if (upper === 'COVR') {
    if (type !== 13 && type !== 14) throw new Unsure('covr type');
    collect.addPicture(type === 13 ? 'image/jpeg' : 'image/png', undefined, data);
  } else if (ITEMS[upper]) {
    if (type !== 1 && type !== 18) throw new Unsure(`${key} type ${type}`);
    collect.add(ITEMS[upper], utf8.decode(data));
  }
}
