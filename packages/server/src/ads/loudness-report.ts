/**
 * Readers for what ffmpeg prints about loudness. The formats are the same in the ffmpeg the
 * system installs and in the older static build from @ffmpeg-installer/ffmpeg: loudnorm's
 * JSON block, ebur128's summary, and `-progress` key=value lines.
 */

/** loudnorm's first-pass measurement, the values its second pass takes back. */
export interface LoudnormMeasurement {
  inputI: number;
  inputTp: number;
  inputLra: number;
  inputThresh: number;
  targetOffset: number;
}

/** loudnorm prints "-inf" (silence) and "inf" as strings, which Number() reads as NaN. */
function reading(value: unknown): number {
  if (value === '-inf') return -Infinity;
  if (value === 'inf') return Infinity;
  return typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
}

/** The JSON block `loudnorm=print_format=json` prints to stderr when it ends, or null. */
export function parseLoudnorm(stderr: string): LoudnormMeasurement | null {
  const marker = stderr.lastIndexOf('[Parsed_loudnorm_');
  if (marker < 0) return null;
  const open = stderr.indexOf('{', marker);
  const close = stderr.indexOf('}', open);
  if (open < 0 || close < 0) return null;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(stderr.slice(open, close + 1)) as Record<string, unknown>;
  } catch {
    return null;
  }
  const measurement = {
    inputI: reading(json.input_i),
    inputTp: reading(json.input_tp),
    inputLra: reading(json.input_lra),
    inputThresh: reading(json.input_thresh),
    targetOffset: reading(json.target_offset),
  };
  return Object.values(measurement).some(Number.isNaN) ? null : measurement;
}

/** ebur128's integrated loudness and the relative gate it measured it above, in LUFS. */
export interface Ebur128Summary {
  integrated: number;
  threshold: number;
}

/** The "Integrated loudness: I: -14.0 LUFS Threshold: -24.1 LUFS" part of ebur128's summary, or null. */
export function parseEbur128Summary(stderr: string): Ebur128Summary | null {
  const summary = stderr.lastIndexOf('Summary:');
  if (summary < 0) return null;
  const match = /Integrated loudness:\s*I:\s*(-?[\d.]+|-inf)\s*LUFS\s*Threshold:\s*(-?[\d.]+|-inf)\s*LUFS/.exec(stderr.slice(summary));
  return match ? { integrated: reading(match[1]), threshold: reading(match[2]) } : null;
}

/** How much audio ffmpeg got through, in ms, from the last `out_time_us=` that `-progress` wrote, or null. */
export function parseOutTimeMs(progress: string): number | null {
  const times = [...progress.matchAll(/^out_time_us=(\d+)$/gm)];
  const last = times.at(-1);
  return last ? Math.round(Number(last[1]) / 1000) : null;
}
