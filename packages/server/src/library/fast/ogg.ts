import { Unsure, type CommonCollector, type FormatFields } from './common.ts';
import { comments } from './flac.ts';

/** One Ogg page header (RFC 3533) and where its data lies. */
interface Page {
  flags: number;
  granule: bigint;
  serial: number;
  sequence: number;
  dataStart: number;
  end: number;
}
const CONTINUED = 1;
const FIRST = 2;
const LAST = 4;
/** music-metadata stops after the page with this sequence number once the comments are read. */
const STOP_AFTER = 12;

function page(bytes: Uint8Array, at: number): Page | null {
  if (at + 27 > bytes.length) return null;
  if (bytes[at] !== 0x4f || bytes[at + 1] !== 0x67 || bytes[at + 2] !== 0x67 || bytes[at + 3] !== 0x53) throw new Unsure('not an Ogg page');
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, 27);
  const segments = bytes[at + 26]!;
  if (at + 27 + segments > bytes.length) return null;
  let length = 0;
  for (let i = 0; i < segments; i++) length += bytes[at + 27 + i]!;
  const dataStart = at + 27 + segments;
  return {
    flags: bytes[at + 5]!,
    granule: view.getBigUint64(6, true),
    serial: view.getUint32(14, true),
    sequence: view.getUint32(18, true),
    dataStart,
    end: dataStart + length,
  };
}

/**
 * The granule position of the last page in `tail` with a usable one (what read.ts takes
 * for an Ogg stream's length when music-metadata stopped after the headers).
 */
export function lastGranule(tail: Uint8Array): bigint | null {
  const buffer = Buffer.from(tail.buffer, tail.byteOffset, tail.length);
  for (let i = buffer.lastIndexOf('OggS'); i >= 0; i = i > 0 ? buffer.lastIndexOf('OggS', i - 1) : -1) {
    // (At i = 0 the loop ends: lastIndexOf with a negative offset counts from the end, and never would.)
    if (i + 14 > buffer.length) continue;
    const granule = buffer.readBigUInt64LE(i + 6);
    if (granule > 0n && granule < 0xffffffffffffffffn) return granule;
  }
  return null;
}

export interface OggIo {
  /** The file's first `length` bytes (fewer at the end of the file). */
  bytes(length: number): Uint8Array;
  /** The last `length` bytes. */
  tail(length: number): Uint8Array;
}

/**
 * An Ogg Vorbis or Opus file, as music-metadata reads it plus read.ts's length for a long
 * stream: pages are walked from the start as music-metadata does (the comment packet is
 * the pages after the first, up to the next page that does not continue them). A file
 * whose last page comes by sequence number 13 is read to the end by music-metadata (its
 * length from that page); a longer one ends after the headers, and read.ts takes the
 * last usable granule position of the last 128 KiB.
 */
export function readOgg(io: OggIo, size: number, collect: CommonCollector): FormatFields {
  let bytes = io.bytes(64 * 1024);
  const at = (offset: number): Page | null => {
    let p = page(bytes, offset);
    if ((!p || p.end > bytes.length) && bytes.length < size) {
      bytes = io.bytes(Math.max(offset + 70_000, p?.end ?? 0)); // an Ogg page is at most 65,307 bytes
      p = page(bytes, offset);
    }
    return p && p.end <= bytes.length ? p : null;
  };
  const first = at(0);
  if (!first || first.flags !== FIRST || first.sequence !== 0) throw new Unsure('first Ogg page');
  const head = bytes.subarray(first.dataStart, first.end);
  const opus = Buffer.from(head.subarray(0, 8)).toString('latin1') === 'OpusHead';
  if (!opus && Buffer.from(head.subarray(0, 7)).toString('latin1') !== '\x01vorbis') throw new Unsure('Ogg codec');
  if (head.length < (opus ? 19 : 30)) throw new Unsure('short identification header');
  const id = new DataView(head.buffer, head.byteOffset, head.length);
  const channels = head[opus ? 9 : 11]!;
  const sampleRate = id.getUint32(12, true);
  const preSkip = opus ? id.getUint16(10, true) : 0;
  const nominal = opus ? undefined : id.getUint32(20, true);
  if (!sampleRate) throw new Unsure('no sample rate');

  // The comment packet: the pages after the first until one that does not continue it.
  let offset = first.end;
  let p = at(offset);
  if (!p || p.flags & (CONTINUED | FIRST | LAST)) throw new Unsure('second Ogg page');
  const parts = [bytes.subarray(p.dataStart, p.end)];
  let commentsEnd: number;
  for (;;) {
    offset = p.end;
    const next = at(offset);
    if (!next || next.serial !== first.serial || next.flags & FIRST) throw new Unsure('Ogg page after the comments');
    if (next.sequence > STOP_AFTER + 1) throw new Unsure('comments past page 13'); // and a hostile file is not read whole
    if (next.flags & CONTINUED) parts.push(bytes.subarray(next.dataStart, next.end));
    if (!(next.flags & CONTINUED) || next.flags & LAST) {
      commentsEnd = next.end;
      p = next;
      break;
    }
    p = next;
  }
  if (p.sequence > STOP_AFTER + 1) throw new Unsure('comments past page 13');
  const packet = Buffer.concat(parts);
  const magic = packet.toString('latin1', 0, opus ? 8 : 7);
  if (magic !== (opus ? 'OpusTags' : '\x03vorbis')) throw new Unsure('no comment header');
  comments(packet.subarray(opus ? 8 : 7), collect, true);

  const format: FormatFields = {
    container: 'Ogg',
    codec: opus ? 'Opus' : 'Vorbis I',
    lossless: false,
    sampleRate,
    numberOfChannels: channels,
    duration: undefined,
    bitrate: nominal,
  };
  const end = lastPage(io.tail(Math.min(size, 64 * 1024)), size);
  if (end.sequence <= STOP_AFTER + 1) {
    // music-metadata reads every page to the last one and takes its length from there.
    for (let walk = p, pages = 0; !(walk.flags & LAST); pages++) {
      const next = at(walk.end);
      if (!next || next.serial !== first.serial || (!(next.flags & LAST) && next.sequence > STOP_AFTER) || pages > STOP_AFTER)
        throw new Unsure('Ogg page chain');
      walk = next;
    }
    if (end.granule >= 2n ** 53n) throw new Unsure('odd granule position');
    const samples = Number(end.granule) - preSkip;
    if (samples <= 0) throw new Unsure('no samples');
    format.duration = opus ? samples / 48_000 : samples / sampleRate;
    if (opus) format.bitrate = (8 * (size - (commentsEnd - packet.length))) / format.duration;
    return format;
  }
  let granule = lastGranule(io.tail(Math.min(size, 4 * 1024)));
  granule ??= lastGranule(io.tail(Math.min(size, 128 * 1024)));
  if (granule === null) throw new Unsure('no granule position');
  format.duration = Number(granule) / (opus ? 48_000 : sampleRate);
  format.bitrate ??= (size * 8) / format.duration;
  return format;
}

/** The page that ends the file, with the end-of-stream flag; anything else is left to music-metadata. */
function lastPage(tail: Uint8Array, size: number): Page {
  const buffer = Buffer.from(tail.buffer, tail.byteOffset, tail.length);
  for (let i = buffer.lastIndexOf('OggS'); i >= 0; i = i > 0 ? buffer.lastIndexOf('OggS', i - 1) : -1) {
    const p = page(buffer, i);
    if (p && p.end === buffer.length && p.flags & LAST) return p;
  }
  throw new Unsure(`no last Ogg page within ${tail.length} bytes of ${size}`);
}
