import { Unsure, type FormatFields } from './common.ts';

const VERSIONS = [2.5, null, 2, 1] as const;
const LAYERS = [0, 3, 2, 1] as const;
/** kbit/s by bitrate index, for MPEG-1 layers I–III then MPEG-2/2.5 layers I–III. */
const BITRATES: Record<number, number[]> = {
  1: [32, 32, 32, 32, 8, 8],
  2: [64, 48, 40, 48, 16, 16],
  3: [96, 56, 48, 56, 24, 24],
  4: [128, 64, 56, 64, 32, 32],
  5: [160, 80, 64, 80, 40, 40],
  6: [192, 96, 80, 96, 48, 48],
  7: [224, 112, 96, 112, 56, 56],
  8: [256, 128, 112, 128, 64, 64],
  9: [288, 160, 128, 144, 80, 80],
  10: [320, 192, 160, 160, 96, 96],
  11: [352, 224, 192, 176, 112, 112],
  12: [384, 256, 224, 192, 128, 128],
  13: [416, 320, 256, 224, 144, 144],
  14: [448, 384, 320, 256, 160, 160],
};
const SAMPLE_RATES: Record<string, number[]> = { 1: [44100, 48000, 32000], 2: [22050, 24000, 16000], 2.5: [11025, 12000, 8000] };

interface Header {
  version: number;
  layer: number;
  bitrate: number;
  sampleRate: number;
  padding: boolean;
  mono: boolean;
  crc: boolean;
}

/** A frame header (after the 0xFF sync byte), or null where music-metadata would skip a byte and sync again. */
function header(b1: number, b2: number, b3: number): Header | null {
  const versionIndex = (b1 >> 3) & 3;
  const layer = LAYERS[(b1 >> 1) & 3]!;
  if (versionIndex > 1 && layer === 0) throw new Unsure('ADTS stream');
  const version = VERSIONS[versionIndex]!;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (version === null || layer === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  const kbps = BITRATES[bitrateIndex]![(version === 1 ? 0 : 3) + layer - 1]!;
  return {
    version,
    layer,
    bitrate: kbps * 1000,
    sampleRate: SAMPLE_RATES[version]![rateIndex]!,
    padding: (b2 & 2) !== 0,
    mono: b3 >> 6 === 3,
    crc: (b1 & 1) === 0,
  };
}

const samplesPerFrame = (h: Header) => (h.layer === 1 ? 384 : h.layer === 2 || h.version === 1 ? 1152 : 576);
const frameSize = (h: Header) => Math.floor(((samplesPerFrame(h) / 8) * h.bitrate) / h.sampleRate + (h.padding ? (h.layer === 1 ? 4 : 1) : 0));
const sideInfo = (h: Header) => (h.layer !== 3 ? 2 : h.mono ? (h.version === 1 ? 17 : 9) : h.version === 1 ? 32 : 17);

/**
 * MPEG audio properties from the first four frames, found, read and judged exactly as
 * music-metadata does without its `duration` option: the Xing/Info/LAME header of the first
 * frame gives the length, a constant bitrate over frames 1–4 lets the file size give it.
 * `bytes` holds the file from offset 0 (at least the frames it needs), `start` is where the
 * tags end. Throws Unsure where that would need more bytes or behaviour not reproduced.
 */
export function readMpeg(bytes: Uint8Array, start: number, fileSize: number): FormatFields {
  const need = (end: number) => {
    if (end > bytes.length) throw new Unsure('MPEG frames beyond the bytes read');
  };
  const u32 = (at: number) => (need(at + 4), ((bytes[at]! << 24) >>> 0) + (bytes[at + 1]! << 16) + (bytes[at + 2]! << 8) + bytes[at + 3]!);
  const ascii = (at: number, n: number) => (need(at + n), String.fromCharCode(...Array.from(bytes.subarray(at, at + n), (b) => b & 0x7f)));
  let pos = start;
  let frames = 0;
  let syncFrames = -1;
  let mpegOffset = 0;
  let frameBytes = 0;
  let first: Header | undefined;
  let last: Header | undefined;
  let duration: number | undefined;
  let profile: string | undefined;
  let cbrSamples: number | null = null;
  const bitrates: number[] = [];

  /** The Xing/Info header after the first frame's side information; returns its VBR scale. */
  const xing = (h: Header, offset: number): number | null => {
    const from = pos;
    const flags = u32(pos);
    pos += 4;
    let numFrames: number | null = null;
    let streamSize: number | null = null;
    let vbrScale: number | null = null;
    if (flags & 1) {
      numFrames = u32(pos);
      pos += 4;
    }
    if (flags & 2) {
      streamSize = u32(pos);
      pos += 4;
    }
    if (flags & 4) pos += 100;
    if (flags & 8) {
      vbrScale = u32(pos);
      pos += 4;
    }
    if (ascii(pos, 4) === 'LAME') {
      const version = ascii(pos + 4, 5)
        .match(/\d+.\d+/g)?.[0]
        ?.split('.')
        .map((n) => Number.parseInt(n, 10));
      pos += 9;
      if (version && version[0]! >= 3 && version[1]! >= 90) {
        need(pos + 27);
        duration = u32(pos + 20) / 1000;
        pos += 27;
      }
    }
    offset += pos - from;
    if (streamSize && numFrames !== null) {
      duration = (numFrames * samplesPerFrame(h)) / h.sampleRate;
      return vbrScale;
    }
    if (frameBytes - offset < 0) throw new Unsure('negative frame data');
    pos += frameBytes - offset;
    return vbrScale;
  };

  const extraHeader = (h: Header, offset: number) => {
    const tag = ascii(pos, 4);
    pos += 4;
    offset += 4;
    if (tag === 'Info') {
      profile = 'CBR';
      return void xing(h, offset);
    }
    if (tag === 'Xing') {
      const vbrScale = xing(h, offset);
      if (vbrScale !== null) profile = `V${Math.floor((100 - vbrScale) / 10)}`;
      return;
    }
    if (tag === 'LAME') throw new Unsure('bare LAME header');
    if (frameBytes - offset >= 0) pos += frameBytes - offset;
  };

  for (;;) {
    // sync: the next 0xFF followed by a byte with its top three bits set, within one 1 KiB peek
    const peek = Math.min(1024, fileSize - pos);
    if (peek < 1024) throw new Unsure('end of stream near the first four frames');
    need(pos + peek);
    let at = pos;
    for (;;) {
      const ff = bytes.indexOf(0xff, at);
      if (ff < 0 || ff >= pos + peek) throw new Unsure('no frame sync within 1 KiB');
      if (ff + 1 < pos + peek && (bytes[ff + 1]! & 0xe0) === 0xe0) {
        pos = ff + 1;
        break;
      }
      at = ff + 1;
    }
    if (syncFrames === frames) {
      frames = 0;
      frameBytes = 0;
    }
    syncFrames = frames;
    if (frames === 0) mpegOffset = pos - 1;
    need(pos + 3);
    const h = header(bytes[pos]!, bytes[pos + 1]!, bytes[pos + 2]!);
    if (!h) {
      pos += 1;
      continue;
    }
    pos += 3;
    frames++;
    last = h;
    frameBytes = frameSize(h);
    bitrates.push(h.bitrate);
    if (frames === 1) {
      first = h;
      pos += sideInfo(h);
      extraHeader(h, 4 + sideInfo(h));
      continue;
    }
    if (frames === 4) {
      if (bitrates.every((b) => b === bitrates[0])) {
        cbrSamples = samplesPerFrame(h);
        profile = 'CBR';
      }
      break;
    }
    let offset = 4;
    if (h.crc) {
      pos += 2;
      offset += 2;
    }
    pos += sideInfo(h);
    extraHeader(h, offset + sideInfo(h));
  }
  if (!first || !last) throw new Unsure('no MPEG frames');
  const mpegSize = fileSize - mpegOffset;
  let bitrate = last.bitrate;
  if (duration && profile?.[0] === 'V') bitrate = (mpegSize * 8) / duration;
  if (profile === 'CBR' && cbrSamples !== null && !duration) duration = (Math.round(mpegSize / frameBytes) * cbrSamples) / last.sampleRate;
  return {
    container: 'MPEG',
    codec: `MPEG ${last.version} Layer ${last.layer}`,
    lossless: false,
    duration,
    bitrate,
    sampleRate: last.sampleRate,
    numberOfChannels: last.mono ? 1 : 2,
  };
}
