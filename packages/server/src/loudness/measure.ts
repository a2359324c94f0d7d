import { parseEbur128Summary } from '../ads/loudness-report.ts';
import { runFfmpeg } from '../ads/run-ffmpeg.ts';

/** ReplayGain 2.0's reference loudness: a track measured at this plays at 0 dB gain. */
export const REFERENCE_LUFS = -18;

/** EBU R128 integrated loudness (LUFS) and true peak (linear, 1 = full scale) of some audio. */
export interface Measured {
  lufs: number;
  peak: number;
}

/** The "True peak: Peak: -1.2 dBFS" part of ebur128's summary (with `peak=true`), in dBFS. */
function truePeakDb(stderr: string): number | null {
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const match = /True peak:\s*Peak:\s*(-?[\d.]+|-inf)\s*dBFS/.exec(summary);
  if (!match) return null;
  return match[1] === '-inf' ? -Infinity : Number(match[1]);
}

/**
 * Measures one file, or several as one programme (an album: the gate and the average run over
 * all of them, as ReplayGain's album gain asks), with ffmpeg's ebur128 filter. Files are the
 * library's own (local paths, read as files only). Null when ffmpeg cannot read them or they
 * are silent.
 */
export async function measure(ffmpegPath: string, paths: string[], signal: AbortSignal): Promise<Measured | null> {
  const inputs = paths.flatMap((p) => ['-protocol_whitelist', 'file', '-i', `file:${p}`]);
  // Every input as 48 kHz stereo float, joined in order, then measured.
  const parts = paths.map((_, i) => `[${i}:a:0]aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo[a${i}]`);
  const joined = paths.length > 1 ? `${paths.map((_, i) => `[a${i}]`).join('')}concat=n=${paths.length}:v=0:a=1[all];[all]` : '[a0]';
  const graph = `${parts.join(';')};${joined}ebur128=peak=true:framelog=verbose`;
  const run = await runFfmpeg(ffmpegPath, ['-hide_banner', '-nostdin', '-nostats', ...inputs, '-filter_complex', graph, '-f', 'null', '-'], signal);
  const summary = parseEbur128Summary(run.stderr);
  const peakDb = truePeakDb(run.stderr);
  if (run.exitCode !== 0 || !summary || peakDb === null || !(summary.integrated > -70)) return null;
  return { lufs: summary.integrated, peak: 10 ** (peakDb / 20) };
}

/** ReplayGain (dB) for a measured loudness, rounded to 0.01 dB as tags carry it. */
export const gainFor = (lufs: number) => Math.round((REFERENCE_LUFS - lufs) * 100) / 100;
