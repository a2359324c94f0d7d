// Tag writers for tests and the scan bench: they put tags around ffmpeg-made audio the way
// taggers (Picard, foobar2000, Mp3tag) write them, which ffmpeg's muxers cannot (repeated
// Vorbis fields, base64 pictures in Ogg, MP4 freeform atoms), and in milliseconds per file.

const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** A Vorbis comment list (no framing byte). */
export function vorbisComments(entries: string[], vendor = 'runnel-test'): Buffer {
  const v = Buffer.from(vendor);
  return Buffer.concat([u32le(v.length), v, u32le(entries.length), ...entries.flatMap((e) => [u32le(Buffer.byteLength(e)), Buffer.from(e)])]);
}

/** A FLAC PICTURE block body (also what METADATA_BLOCK_PICTURE holds, base64-encoded). */
export function flacPicture(type: number, mime: string, picture: Buffer): Buffer {
  return Buffer.concat([
    u32be(type),
    u32be(mime.length),
    Buffer.from(mime),
    u32be(5),
    Buffer.from('cover'),
    u32be(64),
    u32be(64),
    u32be(24),
    u32be(0),
    u32be(picture.length),
    picture,
  ]);
}

const CRC = new Uint32Array(256).map((_, i) => {
  let r = i << 24;
  for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
  return r >>> 0;
});
function crc(page: Buffer): number {
  let c = 0;
  for (const byte of page) c = ((c << 8) ^ CRC[((c >>> 24) ^ byte) & 0xff]!) >>> 0;
  return c;
}

interface OggPage {
  flags: number;
  granule: bigint;
  serial: number;
  segments: number[];
  data: Buffer;
}
function readPages(file: Buffer): OggPage[] {
  const pages: OggPage[] = [];
  for (let at = 0; at < file.length;) {
    const count = file[at + 26]!;
    const segments = [...file.subarray(at + 27, at + 27 + count)];
    const length = segments.reduce((a, b) => a + b, 0);
    const start = at + 27 + count;
    pages.push({
      flags: file[at + 5]!,
      granule: file.readBigUInt64LE(at + 6),
      serial: file.readUInt32LE(at + 14),
      segments,
      data: file.subarray(start, start + length),
    });
    at = start + length;
  }
  return pages;
}
function writePage(p: OggPage, sequence: number): Buffer {
  const header = Buffer.alloc(27 + p.segments.length);
  header.write('OggS', 0, 'latin1');
  header[5] = p.flags;
  header.writeBigUInt64LE(p.granule, 6);
  header.writeUInt32LE(p.serial, 14);
  header.writeUInt32LE(sequence, 18);
  header[26] = p.segments.length;
  header.set(p.segments, 27);
  const page = Buffer.concat([header, p.data]);
  page.writeUInt32LE(crc(page), 22);
  return page;
}

/**
 * An Ogg Vorbis or Opus file with its comment packet replaced by `comments` (a Vorbis
 * comment list): the header packets are paged again (a big picture spans several pages)
 * and the audio pages renumbered.
 */
export function oggWithComments(file: Buffer, comments: Buffer): Buffer {
  const pages = readPages(file);
  const opus = pages[0]!.data.toString('latin1', 0, 8) === 'OpusHead';
  // Header packets after the identification one: Vorbis has comment + setup, Opus just tags.
  const packets: Buffer[] = [];
  let current: Buffer[] = [];
  let index = 1;
  for (; packets.length < (opus ? 1 : 2); index++) {
    const p = pages[index]!;
    let offset = 0;
    for (const s of p.segments) {
      current.push(p.data.subarray(offset, offset + s));
      offset += s;
      if (s < 255) {
        packets.push(Buffer.concat(current));
        current = [];
      }
    }
  }
  packets[0] = Buffer.concat([Buffer.from(opus ? 'OpusTags' : '\x03vorbis', 'latin1'), comments, opus ? Buffer.alloc(0) : Buffer.from([1])]);
  const serial = pages[0]!.serial;
  const out = [writePage(pages[0]!, 0)];
  let segments: number[] = [];
  let data: Buffer[] = [];
  let continued = false;
  const flush = (ends: boolean) => {
    out.push(writePage({ flags: continued ? 1 : 0, granule: ends ? 0n : 0xffffffffffffffffn, serial, segments, data: Buffer.concat(data) }, out.length));
    continued = !ends;
    segments = [];
    data = [];
  };
  for (const packet of packets) {
    for (let offset = 0; ; offset += 255) {
      if (segments.length === 255) flush(segments.at(-1)! < 255);
      const s = Math.min(255, packet.length - offset);
      segments.push(s);
      data.push(packet.subarray(offset, offset + s));
      if (s < 255) break;
    }
  }
  flush(true);
  for (const p of pages.slice(index)) out.push(writePage(p, out.length));
  return Buffer.concat(out);
}

// ---- MP4 ----
const box = (name: string, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([u32be(body.length + 8), Buffer.from(name, 'latin1'), body]);
};
const data = (type: number, value: Buffer) => box('data', u32be(type), u32be(0), value);
/** ilst items as iTunes and Picard write them; a list of values becomes several data boxes. */
export const mp4Item = {
  text: (name: string, ...values: string[]) => box(name, ...values.map((v) => data(1, Buffer.from(v)))),
  pair: (name: 'trkn' | 'disk', no: number, of: number) => box(name, data(0, Buffer.from([0, 0, 0, no, 0, of, 0, 0]))),
  flag: (name: string, on: boolean) => box(name, data(21, Buffer.from([on ? 1 : 0]))),
  cover: (...pictures: Buffer[]) => box('covr', ...pictures.map((p) => data(p[0] === 0x89 ? 14 : 13, p))),
  freeform: (name: string, ...values: string[]) =>
    box(
      '----',
      box('mean', u32be(0), Buffer.from('com.apple.iTunes')),
      box('name', u32be(0), Buffer.from(name)),
      ...values.map((v) => data(1, Buffer.from(v))),
    ),
};

/** An M4A file (moov after mdat, as ffmpeg writes it) with its moov/udta replaced by one holding `items`. */
export function m4aWithItems(file: Buffer, items: Buffer[]): Buffer {
  let at = 0;
  let moov = -1;
  while (at < file.length) {
    if (file.toString('latin1', at + 4, at + 8) === 'moov') moov = at;
    at += file.readUInt32BE(at);
  }
  if (moov < 0 || moov + file.readUInt32BE(moov) !== file.length) throw new Error('moov is not the last box');
  const children: Buffer[] = [];
  for (let c = moov + 8; c < file.length; c += file.readUInt32BE(c)) {
    if (file.toString('latin1', c + 4, c + 8) !== 'udta') children.push(file.subarray(c, c + file.readUInt32BE(c)));
  }
  const hdlr = box('hdlr', u32be(0), u32be(0), Buffer.from('mdirappl'), Buffer.alloc(9));
  const udta = box('udta', box('meta', u32be(0), hdlr, box('ilst', ...items)));
  return Buffer.concat([file.subarray(0, moov), box('moov', ...children, udta)]);
}
