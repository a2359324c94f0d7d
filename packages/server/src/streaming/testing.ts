import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import type { TrackFile, TrackFiles } from './files.ts';
import { requireTool } from '../tools/tools.ts';

const run = promisify(execFile);

/** Sounds the tests generate with ffmpeg (never committed audio). */
export const SOURCES = {
  /** Stereo white/pink noise: dense enough that every encoder reaches its target bitrate. */
  noise: (s: number) => [
    '-f',
    'lavfi',
    '-i',
    `anoisesrc=color=white:amplitude=0.5:duration=${s}:sample_rate=44100`,
    '-f',
    'lavfi',
    '-i',
    `anoisesrc=color=pink:amplitude=0.5:duration=${s}:sample_rate=44100:seed=7`,
    '-filter_complex',
    '[0][1]amerge=inputs=2',
  ],
  /** A 440 Hz tone whose loudness steps up every second: second k has amplitude 0.08·(k+1). */
  staircase: (s: number) => ['-f', 'lavfi', '-i', `aevalsrc='0.08*(floor(t)+1)*sin(2*PI*440*t)':s=44100:d=${s}`],
  /** A quiet mono tone: cheap to store, slow enough to encode to be caught mid-transcode. */
  tone: (s: number) => ['-f', 'lavfi', '-i', `sine=frequency=330:duration=${s}:sample_rate=44100`],
};

/** Writes a generated sound to `path` with the given encoder arguments (e.g. `-c:a flac`). */
export async function generateAudio(path: string, source: keyof typeof SOURCES, seconds: number, encode: string[]): Promise<string> {
  await run(requireTool('ffmpeg'), ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...SOURCES[source](seconds), ...encode, path]);
  return path;
}

export interface Probe {
  codec: string;
  /** kbps */
  bitrate: number;
  durationS: number;
}

/** What ffprobe says about a file: codec of the first audio stream, overall bitrate, duration. */
export async function probe(path: string): Promise<Probe> {
  const { stdout } = await run(requireTool('ffprobe'), [
    '-v',
    'error',
    '-select_streams',
    'a:0',
    '-show_entries',
    'stream=codec_name:format=duration,bit_rate',
    '-of',
    'json',
    path,
  ]);
  const info = JSON.parse(stdout) as { streams: Array<{ codec_name: string }>; format: { duration: string; bit_rate: string } };
  return { codec: info.streams[0]!.codec_name, bitrate: Number(info.format.bit_rate) / 1000, durationS: Number(info.format.duration) };
}

/**
 * A real TrackFiles over a folder of audio files: the track id is the file name without
 * its suffix; codec, bitrate and duration come from ffprobe, size and time from stat.
 * Streaming's own boundary, used by its tests and bench in place of the catalogue.
 */
export async function folderTrackFiles(dir: string): Promise<TrackFiles & { ids: string[] }> {
  const known = new Map<string, Omit<TrackFile, 'size' | 'mtimeMs'>>();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const info = await probe(path);
    const suffix = extname(name).slice(1);
    known.set(name.slice(0, -(suffix.length + 1)), {
      path,
      codec: info.codec,
      suffix,
      bitrate: Math.round(info.bitrate),
      durationMs: Math.round(info.durationS * 1000),
    });
  }
  return {
    ids: [...known.keys()],
    async locate(trackId) {
      const entry = known.get(trackId);
      if (!entry) return undefined;
      const info = await stat(entry.path).catch(() => undefined);
      return info ? { ...entry, size: info.size, mtimeMs: info.mtimeMs } : undefined;
    },
  };
}

/** Pids of ffmpeg processes whose parent is this process, read from /proc. */
export function ffmpegChildren(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // pid (comm) state ppid …: comm may hold spaces, so read around the last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    if (ppid === process.pid && comm === 'ffmpeg') pids.push(Number(entry));
  }
  return pids;
}

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const until = performance.now() + ms; // a timeout: the monotonic timer, not the app's clock
  while (!(await check())) {
    if (performance.now() > until) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
