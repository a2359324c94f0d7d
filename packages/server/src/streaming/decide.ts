import type { StreamFormat } from '@runnel/api';
import { AppError } from '../errors.ts';
import { DEFAULT_PLAYABLE, DEFAULT_TARGET, TARGETS, normaliseCodec, type TargetFormat } from './formats.ts';
import type { TrackFile } from './files.ts';

/** What the client asked for (all optional). */
export interface StreamRequest {
  format?: StreamFormat;
  /** kbps */
  bitrate?: number;
  /** seconds */
  offset?: number;
  /** Only this many seconds from `offset` (a public link's preview): always a transcode, never the whole file. */
  clip?: number;
  /** Codecs the client says it can play; absent: what browsers play. */
  codecs?: string[];
}

export type Decision =
  { kind: 'original'; reason: string } | { kind: 'transcode'; target: TargetFormat; bitrate: number; offset: number; clip?: number; reason: string };

export interface DecideInput {
  file: TrackFile;
  request: StreamRequest;
  /** The caller's tier limit, kbps. */
  maxBitrate: number;
  transcoding: boolean;
  /** The formats this ffmpeg can make (default: all); others are never picked. */
  formats?: ReadonlySet<TargetFormat['name']>;
}

const MIN_KBPS = 32;
const LOSSLESS = new Set(['flac', 'alac', 'pcm', 'wav', 'ape', 'wavpack', 'tta', 'aiff']);

/**
 * The decision step: send the original when the client can play its codec and it fits
 * the allowed bitrate, else a transcode. Pure: no I/O, so every rule is unit-tested.
 * Without ffmpeg an implicit transcode falls back to the original (originals always
 * play); an explicit one (a format, bitrate or offset the original can't satisfy) is refused.
 * A format this ffmpeg cannot make is treated as not asked for: the original or another format.
 */
export function decide({ file, request, maxBitrate, transcoding, formats }: DecideInput): Decision {
  const canMake = (target: TargetFormat) => !transcoding || !formats || formats.has(target.name);
  const codec = normaliseCodec(file.codec);
  const fileKbps = file.bitrate ?? estimateKbps(file);
  const cap = Math.min(request.bitrate ?? maxBitrate, maxBitrate);
  const offset = request.offset ?? 0;
  const asked = request.format !== undefined && request.format !== 'original' ? TARGETS[request.format] : undefined;
  const explicit = asked && canMake(asked) ? asked : undefined;
  const note = asked && !explicit ? ` (this server's ffmpeg has no ${asked.encoder} for ${asked.name})` : '';
  const playable = (request.codecs ? new Set(request.codecs) : DEFAULT_PLAYABLE).has(codec);
  const fits = fileKbps === null || fileKbps <= cap;

  let reason: string;
  if (request.clip !== undefined) reason = 'a clip is cut from the track';
  else if (offset > 0) reason = 'an offset needs a transcode';
  else if (explicit && explicit.codec !== codec) reason = `${explicit.name} asked for`;
  else if (!fits) reason = `${fileKbps} kbps is over the ${cap} kbps allowed`;
  else if (!explicit && !playable) reason = `the client cannot play ${codec}`;
  else return { kind: 'original', reason: `playable and within the allowed bitrate${note}` };
  reason += note;

  const target = explicit ?? pickTarget(codec, request.codecs, canMake);
  if (!transcoding || !target) {
    const demanded = explicit !== undefined || offset > 0 || request.bitrate !== undefined || request.clip !== undefined;
    if (demanded)
      throw new AppError(
        'transcoding_unavailable',
        503,
        `Transcoding is unavailable on this server (no ffmpeg, or none that makes a format for this), and ${reason}; ask for the original`,
      );
    return { kind: 'original', reason: `transcoding unavailable (${reason})` };
  }
  // Re-encoding a lossy original above its own bitrate only adds bytes; a lossless one's bitrate says nothing of quality.
  const wanted = fileKbps === null || LOSSLESS.has(codec) ? cap : Math.min(cap, Math.max(fileKbps, MIN_KBPS));
  const bitrate = Math.max(MIN_KBPS, Math.min(Math.round(wanted), target.maxKbps));
  return { kind: 'transcode', target, bitrate, offset, ...(request.clip !== undefined && { clip: request.clip }), reason };
}

/** Same codec as the original when the client plays it (a seek keeps the format), else one it plays. */
function pickTarget(codec: string, codecs: string[] | undefined, canMake: (t: TargetFormat) => boolean): TargetFormat | undefined {
  const playable = (c: string) => (codecs ? codecs.includes(c) : true);
  const makeable = Object.values(TARGETS).filter(canMake);
  const same = makeable.find((t) => t.codec === codec);
  if (same && playable(same.codec)) return same;
  const first = codecs?.map((c) => makeable.find((t) => t.codec === c)).find((t) => t !== undefined);
  if (first) return first;
  return canMake(TARGETS[DEFAULT_TARGET]) ? TARGETS[DEFAULT_TARGET] : makeable[0];
}

/** Average kbps from size and duration, when the catalogue does not know the bitrate. */
export function estimateKbps(file: TrackFile): number | null {
  if (!file.durationMs) return null;
  return Math.round((file.size * 8) / file.durationMs);
}
