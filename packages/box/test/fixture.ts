import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMATS, generateTone, type FormatName } from '../../server/src/library/generate.ts';
import { requireTool } from '../../server/src/tools/tools.ts';
import type { TestApp } from '../../server/src/testing/app.ts';
import { PCM_ARGS } from '../src/decoder.ts';

export const RUNNEL_BIN = fileURLToPath(new URL('../../server/bin/runnel.mjs', import.meta.url));
/** Bytes of PCM per second (s16le, 44.1 kHz, stereo). */
export const BYTES_PER_S = 44_100 * 4;

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 16);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A temporary folder, gone when the test process ends. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The PCM the box should play for a file: `ffmpeg -i FILE -f s16le -ar 44100 -ac 2` (from `fromS` seconds). */
export function decode(path: string, fromS = 0): Promise<Buffer> {
  const seek = fromS > 0 ? ['-ss', fromS.toFixed(3)] : [];
  const child = spawn(requireTool('ffmpeg'), ['-hide_banner', '-loglevel', 'error', ...seek, '-i', path, '-map', '0:a:0', ...PCM_ARGS, 'pipe:1']);
  const parts: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => parts.push(b));
  return new Promise((resolve, reject) => child.on('close', (code) => (code ? reject(new Error(`ffmpeg ${code}`)) : resolve(Buffer.concat(parts)))));
}

export interface AlbumSpec {
  album: string;
  tracks: { title: string; format: FormatName; seconds: number }[];
}

/** Generates albums of tones (each track its own pitch) into a folder, adds it to the library and scans it. */
export async function library(t: TestApp, albums: AlbumSpec[]): Promise<Map<string, string>> {
  const music = tempDir('runnel-box-music-');
  const files = new Map<string, string>();
  let pitch = 0;
  for (const { album, tracks } of albums)
    await Promise.all(
      tracks.map((track, i) => {
        const path = join(music, album, `${String(i + 1).padStart(2, '0')} ${track.title}.${FORMATS[track.format].ext}`);
        files.set(track.title, path);
        return generateTone({
          path,
          format: track.format,
          seconds: track.seconds,
          frequency: 330 + 110 * pitch++,
          tags: { title: track.title, artist: 'Box Band', album_artist: 'Box Band', album, track: String(i + 1) },
        });
      }),
    );
  await t.library.addFolder(music);
  await t.library.scan('full');
  return files;
}

export interface BoxProcess {
  child: ChildProcessWithoutNullStreams;
  log: string[];
  /** Resolves with the first log line (from now or already seen since `since`) matching `pattern`. */
  waitLog(pattern: RegExp, timeoutMs?: number, since?: number): Promise<string>;
  card(line: string): void;
  stop(): Promise<void>;
}

/** `runnel box …` as a child process, its stderr kept line by line, card lines written to its stdin. */
export function spawnBox(args: string[]): BoxProcess {
  const child = spawn(process.execPath, [RUNNEL_BIN, 'box', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const log: string[] = [];
  let partial = '';
  const waiters = new Set<() => void>();
  const onText = (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    log.push(...lines);
    for (const w of [...waiters]) w();
  };
  child.stderr.on('data', onText);
  child.stdout.on('data', onText);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    log,
    waitLog(pattern, timeoutMs = 15_000, since = log.length) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = log.slice(since).find((l) => pattern.test(l));
          if (found === undefined) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the box logged no ${pattern} within ${timeoutMs} ms:\n${log.slice(-30).join('\n')}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    card: (line) => void child.stdin.write(`${line}\n`),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The size of a growing file now (0 before it exists). */
export const sizeOf = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

/** Waits until `path` grew and then stayed the same size for `quietMs`; its size then. */
export async function whenStill(path: string, quietMs: number, timeoutMs: number, from = sizeOf(path)): Promise<number> {
  const end = Date.now() + timeoutMs;
  let size = sizeOf(path);
  let since = Date.now();
  while (Date.now() < end) {
    await sleep(20);
    const now = sizeOf(path);
    if (now !== size) [size, since] = [now, Date.now()];
    else if (size > from && Date.now() - since >= quietMs) return size;
  }
  throw new Error(`${path} did not grow and settle within ${timeoutMs} ms (${size} bytes)`);
}
