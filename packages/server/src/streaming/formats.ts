/** A format Runnel can transcode to: how to ask ffmpeg for it and how to label it. */
export interface TargetFormat {
  name: 'opus' | 'vorbis' | 'mp3' | 'aac';
  /** The codec name as the catalogue and clients spell it. */
  codec: string;
  contentType: string;
  extension: string;
  /** The ffmpeg encoder it needs (a packaged ffmpeg may lack it: see tools/encoders.ts). */
  encoder: string;
  /** The encoder's highest bitrate, kbps. */
  maxKbps: number;
  /** Encoder and muxer arguments for a bitrate in kbps. */
  args(kbps: number): string[];
}

// Opus and Vorbis are variable-rate by default and land well under the asked bitrate on
// simple material; clients and tiers reason in "kbps", so they are held near it.
export const TARGETS: Record<TargetFormat['name'], TargetFormat> = {
  opus: {
    name: 'opus',
    codec: 'opus',
    contentType: 'audio/ogg; codecs=opus',
    extension: 'opus',
    encoder: 'libopus',
    maxKbps: 510,
    args: (kbps) => ['-c:a', 'libopus', '-b:a', `${kbps}k`, '-vbr', 'off', '-f', 'ogg', '-page_duration', '100000'],
  },
  vorbis: {
    name: 'vorbis',
    codec: 'vorbis',
    contentType: 'audio/ogg; codecs=vorbis',
    extension: 'ogg',
    encoder: 'libvorbis',
    maxKbps: 500,
    args: (kbps) => ['-c:a', 'libvorbis', '-b:a', `${kbps}k`, '-minrate', `${kbps}k`, '-maxrate', `${kbps}k`, '-f', 'ogg', '-page_duration', '100000'],
  },
  mp3: {
    name: 'mp3',
    codec: 'mp3',
    contentType: 'audio/mpeg',
    extension: 'mp3',
    encoder: 'libmp3lame',
    maxKbps: 320,
    // A pipe can't be rewound to fill in a Xing header, so none is written.
    args: (kbps) => ['-c:a', 'libmp3lame', '-b:a', `${kbps}k`, '-write_xing', '0', '-id3v2_version', '0', '-f', 'mp3'],
  },
  aac: {
    name: 'aac',
    codec: 'aac',
    contentType: 'audio/aac',
    extension: 'aac',
    encoder: 'aac',
    maxKbps: 512,
    args: (kbps) => ['-c:a', 'aac', '-b:a', `${kbps}k`, '-f', 'adts'],
  },
};

/** The transcode format used when the client names none. MP3 plays everywhere. */
export const DEFAULT_TARGET: TargetFormat['name'] = 'mp3';

const BY_SUFFIX: Record<string, string> = {
  mp3: 'audio/mpeg',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg; codecs=opus',
  m4a: 'audio/mp4',
  m4b: 'audio/mp4',
  mp4: 'audio/mp4',
  aac: 'audio/aac',
  wav: 'audio/wav',
  aif: 'audio/aiff',
  aiff: 'audio/aiff',
  wma: 'audio/x-ms-wma',
  webm: 'audio/webm',
  mka: 'audio/x-matroska',
  ape: 'audio/x-ape',
  wv: 'audio/x-wavpack',
};
const BY_CODEC: Record<string, string> = {
  mp3: 'audio/mpeg',
  flac: 'audio/flac',
  vorbis: 'audio/ogg',
  opus: 'audio/ogg; codecs=opus',
  aac: 'audio/mp4',
  alac: 'audio/mp4',
  pcm: 'audio/wav',
  wav: 'audio/wav',
  wma: 'audio/x-ms-wma',
};

/** Content-Type of an original file: from its suffix (the container), else its codec. */
export function originalContentType(codec: string, suffix: string): string {
  return BY_SUFFIX[suffix.toLowerCase()] ?? BY_CODEC[codec.toLowerCase()] ?? 'application/octet-stream';
}

/** Codecs assumed playable when a client does not say (what current browsers decode). */
export const DEFAULT_PLAYABLE = new Set(['mp3', 'aac', 'opus', 'vorbis', 'flac', 'pcm', 'wav']);

/** Lower-cased codec name without profile noise ("MPEG-4 AAC" → "aac", "pcm_s16le" → "pcm"). */
export function normaliseCodec(codec: string): string {
  const c = codec.toLowerCase();
  if (c.includes('aac')) return 'aac';
  if (c.startsWith('pcm')) return 'pcm';
  if (c.includes('mp3') || c.includes('mpeg 1 layer 3') || c === 'mpeg audio') return 'mp3';
  if (c.includes('vorbis')) return 'vorbis';
  if (c.includes('opus')) return 'opus';
  if (c.includes('flac')) return 'flac';
  if (c.includes('alac')) return 'alac';
  return c;
}
