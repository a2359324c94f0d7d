import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { Log } from './log.ts';

/** The PCM the box plays: signed 16-bit little-endian, 44.1 kHz, stereo. */
export const RATE = 44_100;
export const FRAME_BYTES = 4;
/** Arguments that make ffmpeg write that PCM to stdout (the tests decode originals with the same). */
export const PCM_ARGS = ['-f', 's16le', '-ar', String(RATE), '-ac', '2'];

export interface Decoder {
  pcm: Readable;
  /** Kills ffmpeg (a seek, a skip, a stop). */
  stop(): void;
  /** ffmpeg exited: its code (null when killed) and the end of what it said. */
  exited: Promise<{ code: number | null; stderr: string }>;
}

/**
 * Decodes a track (a file in the cache or a stream URL) to PCM from `positionMs` with ffmpeg.
 * A seek starts a new decoder with `-ss` before the input (fast, and sample-accurate as
 * ffmpeg decodes from the key frame before it and drops the rest).
 */
export function startDecoder(ffmpeg: string, input: string, positionMs: number, log: Log): Decoder {
  const seek = positionMs > 0 ? ['-ss', (positionMs / 1000).toFixed(3)] : [];
  const child = spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', ...seek, '-i', input, '-map', '0:a:0', ...PCM_ARGS, 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  child.stdout.on('error', () => {}); // a killed decoder's pipe
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.once('error', (error) => {
      log('the decoder did not start', { ffmpeg, error: error.message });
      resolve({ code: -1, stderr: error.message });
    });
    child.once('close', (code) => resolve({ code, stderr }));
  });
  return {
    pcm: child.stdout,
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
