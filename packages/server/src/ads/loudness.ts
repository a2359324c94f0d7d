import { rm } from 'node:fs/promises';
import { AppError } from '../errors.ts';
import { parseEbur128Summary, parseLoudnorm, parseOutTimeMs, type LoudnormMeasurement } from './loudness-report.ts';
import { runFfmpeg } from './run-ffmpeg.ts';

/** Shortest ad accepted: loudnorm looks 3 s ahead, and on shorter clips neither measures nor corrects reliably. */
export const AD_MIN_MS = 3_000;
/** Longest ad accepted. */
export const AD_MAX_MS = 120_000;

/**
 * Demuxers an ad may be read with. Playlist-like formats (HLS, concat, DASH…) are left out
 * on purpose: an uploaded file must not make ffmpeg open other files or URLs.
 */
const AUDIO_FORMATS = 'mp3,wav,flac,ogg,mov,matroska,aac,aiff,w64,caf,asf';

export interface NormaliseAdAudioOptions {
  /** The ffmpeg to run, as `requireTool('ffmpeg')` finds it. */
  ffmpegPath: string;
  /** The uploaded file: anything, until ffmpeg has read it as audio. */
  input: string;
  /** Where the normalised 48 kHz stereo FLAC is written (replaced if it exists; removed if normalising fails). */
  output: string;
  /** Integrated loudness to reach, in LUFS: the music's target, so an ad is never louder than a song. */
  targetLufs?: number;
  /** Highest true peak allowed, in dBTP. */
  truePeak?: number;
  /** Stops the work; ffmpeg is killed. */
  signal?: AbortSignal;
  /** How long all passes together may take, in ms, before ffmpeg is killed and the ad refused. */
  timeoutMs?: number;
}

export interface NormalisedAdAudio {
  /** Length of the written FLAC, as ffmpeg decoded it. */
  durationMs: number;
  /** Integrated loudness of the upload, by loudnorm's measuring pass. */
  inputLufs: number;
  /** Integrated loudness of the written FLAC, by ebur128. */
  outputLufs: number;
}

/** Arguments that open the upload as audio only: local file, audio demuxers, first audio stream. */
function readInput(input: string, before: string[] = []): string[] {
  const file = ['-protocol_whitelist', 'file', '-format_whitelist', AUDIO_FORMATS, ...before, '-i', `file:${input}`];
  return ['-hide_banner', '-nostdin', '-nostats', ...file, '-map', '0:a:0'];
}

/**
 * First pass: decodes (at most just past the longest ad), measures, and refuses what is not a
 * usable ad. The integrated loudness and its gate come from ebur128, run in the same pass,
 * rather than from loudnorm: loudnorm's own figure drifts from BS.1770 when an ad's loudness
 * changes over time (a tone stepping up each second: loudnorm -8.2 LUFS, ebur128 and the
 * BS.1770 arithmetic -9.4), and its linear gain is exactly target minus this figure.
 */
async function measure(ffmpegPath: string, input: string, targets: string, signal: AbortSignal): Promise<LoudnormMeasurement> {
  const limit = String((AD_MAX_MS + 500) / 1000);
  const filter = `ebur128=framelog=verbose,loudnorm=${targets}:print_format=json`;
  const run = await runFfmpeg(ffmpegPath, [...readInput(input, ['-t', limit]), '-af', filter, '-f', 'null', '-progress', 'pipe:1', '-'], signal);
  const durationMs = parseOutTimeMs(run.stdout);
  const loudnorm = parseLoudnorm(run.stderr);
  const ebur128 = parseEbur128Summary(run.stderr);
  if (run.exitCode !== 0 || durationMs === null || !loudnorm || !ebur128)
    throw new AppError('ad_audio_invalid', 400, 'The ad is not an audio file Runnel can read');
  if (durationMs < AD_MIN_MS)
    throw new AppError('ad_audio_invalid', 400, `The ad is too short: ${durationMs / 1000} s, it must last at least ${AD_MIN_MS / 1000} s`);
  if (durationMs > AD_MAX_MS) throw new AppError('ad_audio_invalid', 400, `The ad is too long: it must last at most ${AD_MAX_MS / 1000} s`);
  const measurable = ebur128.integrated > -70 && Number.isFinite(loudnorm.inputTp) && Number.isFinite(loudnorm.targetOffset);
  if (!measurable) throw new AppError('ad_audio_invalid', 400, 'The ad is silent');
  return { ...loudnorm, inputI: ebur128.integrated, inputThresh: ebur128.threshold };
}

/**
 * loudnorm's targets, the same in both passes (the first pass's offset is computed for them).
 * The loudness range target is loudnorm's widest, 20 LU, not its default 7: an ad wider than
 * the target is never gained linearly, and one linear gain is what keeps the ad as produced.
 */
function loudnormTargets(targetLufs: number, truePeak: number): string {
  return `I=${targetLufs}:TP=${truePeak}:LRA=20`;
}

/**
 * The second pass's filters: loudnorm with the first pass's measurement, which applies one
 * linear gain unless that would push the true peak over the limit (then it falls back to its
 * dynamic mode); then 48 kHz stereo 16-bit, dithered.
 */
function normaliseFilter(m: LoudnormMeasurement, targets: string): string {
  const loudnorm = [
    `loudnorm=${targets}`,
    `measured_I=${m.inputI.toFixed(2)}:measured_TP=${m.inputTp.toFixed(2)}:measured_LRA=${m.inputLra.toFixed(2)}`,
    `measured_thresh=${m.inputThresh.toFixed(2)}:offset=${m.targetOffset.toFixed(2)}:linear=true`,
  ].join(':');
  return `${loudnorm},aformat=channel_layouts=stereo,aresample=48000:osf=s16:dither_method=triangular`;
}

/** Last pass: what the written file really measures and lasts. */
async function check(ffmpegPath: string, output: string, signal: AbortSignal): Promise<{ durationMs: number; lufs: number }> {
  const args = ['-hide_banner', '-nostdin', '-nostats', '-i', `file:${output}`, '-map', '0:a:0', '-af', 'ebur128=framelog=verbose'];
  const run = await runFfmpeg(ffmpegPath, [...args, '-f', 'null', '-progress', 'pipe:1', '-'], signal);
  const durationMs = parseOutTimeMs(run.stdout);
  const lufs = parseEbur128Summary(run.stderr)?.integrated ?? null;
  if (run.exitCode !== 0 || durationMs === null || lufs === null) throw new Error(`ffmpeg could not measure the normalised ad: ${run.stderr.slice(-500)}`);
  return { durationMs, lufs };
}

/**
 * Brings an uploaded ad to the music's loudness with ffmpeg's loudnorm in two passes (EBU
 * R128: measure, then correct with the measurement) and writes it as 48 kHz stereo FLAC: a
 * lossless intermediate that ffmpeg can later join to music, and that the server transcodes
 * for each client on delivery. Refuses, with `ad_audio_invalid`, anything that is not audio,
 * is silent, or lasts under 3 s or over 120 s.
 */
export async function normaliseAdAudio(options: NormaliseAdAudioOptions): Promise<NormalisedAdAudio> {
  const { ffmpegPath, input, output, targetLufs = -14, truePeak = -1.5, timeoutMs = 60_000 } = options;
  if (!(targetLufs >= -70 && targetLufs <= -5)) throw new RangeError(`targetLufs ${targetLufs} is outside loudnorm's -70…-5 LUFS`);
  if (!(truePeak >= -9 && truePeak <= 0)) throw new RangeError(`truePeak ${truePeak} is outside loudnorm's -9…0 dBTP`);
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let writing = false;
  try {
    const targets = loudnormTargets(targetLufs, truePeak);
    const measured = await measure(ffmpegPath, input, targets, signal);
    writing = true;
    const encode = ['-map_metadata', '-1', '-map_chapters', '-1', '-c:a', 'flac', '-f', 'flac', '-y', `file:${output}`];
    const run = await runFfmpeg(ffmpegPath, [...readInput(input), '-af', normaliseFilter(measured, targets), ...encode], signal);
    if (run.exitCode !== 0) throw new Error(`ffmpeg could not normalise the ad: ${run.stderr.slice(-500)}`);
    const written = await check(ffmpegPath, output, signal);
    // An ad louder than the music is what all this prevents: never hand one back, whatever went wrong.
    if (written.lufs > targetLufs + 1) throw new Error(`The normalised ad measures ${written.lufs} LUFS, louder than ${targetLufs} LUFS`);
    return { durationMs: written.durationMs, inputLufs: measured.inputI, outputLufs: written.lufs };
  } catch (error) {
    if (writing) await rm(output, { force: true });
    if (deadline.aborted && !options.signal?.aborted) throw new AppError('ad_audio_invalid', 400, `The ad took longer than ${timeoutMs / 1000} s to process`);
    throw error;
  }
}
