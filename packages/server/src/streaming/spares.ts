import { spawn, type ChildProcess } from 'node:child_process';
import { isAbsolute } from 'node:path';
import type { TargetFormat } from './formats.ts';

/** The output side of a transcode: what a spare is started for. */
export interface SpareKind {
  target: TargetFormat;
  bitrate: number;
}

export interface SparePoolOptions {
  ffmpegPath: string;
  /** Output arguments for a kind (everything after the input). */
  outputArgs: (kind: SpareKind) => string[];
  /** Spares kept at most, one per output kind, least recently used out first (0: none). */
  max: number;
  /** An unused spare is stopped after this long (default 10 minutes). */
  idleMs?: number;
}

interface Spare {
  child: ChildProcess;
  timer: NodeJS.Timeout;
}

/**
 * Warm ffmpeg processes, started ahead of need. Most of an uncached transcode's wait for
 * its first bytes is ffmpeg starting up (Debian's build loads some 200 shared libraries:
 * ~55 ms of CPU, more on a busy machine), not encoding. A spare has done that already and
 * waits on stdin for an ffconcat script naming its input, so the output (format and
 * bitrate) is fixed when it starts and the track is chosen when it is used. A player asks
 * for the same format and bitrate track after track, so one spare per recently used
 * output serves nearly every start. An idle spare blocks in read() (no CPU, ~10 MB); if
 * Node dies its stdin closes and it exits.
 */
export class SparePool {
  readonly #options: SparePoolOptions;
  /** Output kind → its idle spare; Map order is least recently used first. */
  readonly #idle = new Map<string, Spare>();
  #closed = false;
  /** Spares started so far. */
  started = 0;

  constructor(options: SparePoolOptions) {
    this.#options = options;
  }

  /**
   * The spare for this output with `input` as its input, now running, or undefined when
   * there is none (or the path cannot be named in an ffconcat script): spawn as usual.
   */
  take(kind: SpareKind, input: string): ChildProcess | undefined {
    const key = kindKey(kind);
    const spare = this.#idle.get(key);
    if (!spare || !usable(input)) return undefined;
    this.#idle.delete(key);
    clearTimeout(spare.timer);
    const { child } = spare;
    if (child.exitCode !== null || child.signalCode !== null) return undefined;
    child.stdin!.end(`ffconcat version 1.0\nfile '${concatQuote(`file:${input}`)}'\n`);
    return child;
  }

  /** Makes sure a spare for this output waits (starting one if needed, evicting the oldest kind). */
  prepare(kind: SpareKind): void {
    if (this.#closed || this.#options.max <= 0) return;
    const key = kindKey(kind);
    const existing = this.#idle.get(key);
    if (existing) {
      this.#idle.delete(key); // most recently used now
      this.#idle.set(key, existing);
      return;
    }
    for (const [oldKey, old] of this.#idle) {
      if (this.#idle.size < this.#options.max) break;
      this.#retire(oldKey, old);
    }
    const child = spawn(this.#options.ffmpegPath, spareArgs(this.#options.outputArgs(kind)), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.started += 1;
    const spare: Spare = { child, timer: setTimeout(() => this.#retire(key, spare), this.#options.idleMs ?? 600_000).unref() };
    child.stdin!.on('error', () => {}); // EPIPE when it died meanwhile: the job sees ffmpeg fail
    const gone = () => {
      if (this.#idle.get(key) === spare) this.#retire(key, spare);
    };
    child.on('error', gone);
    child.on('exit', gone);
    this.#idle.set(key, spare);
  }

  #retire(key: string, spare: Spare): void {
    this.#idle.delete(key);
    clearTimeout(spare.timer);
    spare.child.kill('SIGKILL');
  }

  /** Spares waiting now. */
  get idle(): number {
    return this.#idle.size;
  }

  /** Stops every idle spare and starts no more (shutdown). */
  close(): void {
    this.#closed = true;
    for (const [key, spare] of [...this.#idle]) this.#retire(key, spare);
  }
}

/** ffmpeg reading an ffconcat script from stdin; only local files may be opened through it. */
function spareArgs(output: string[]): string[] {
  return ['-hide_banner', '-loglevel', 'error', '-nostdin', '-protocol_whitelist', 'pipe,file', '-f', 'concat', '-safe', '0', '-i', 'pipe:0', ...output];
}

const kindKey = (kind: SpareKind) => `${kind.target.name}:${kind.bitrate}`;

/** An absolute path without line breaks (the script is read line by line). */
const usable = (path: string) => isAbsolute(path) && !/[\r\n]/.test(path);

/** Single-quoted for ffconcat: a quote inside closes, escapes and reopens (`'\''`). */
function concatQuote(text: string): string {
  return text.replaceAll("'", "'\\''");
}
