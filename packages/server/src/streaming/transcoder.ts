import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, unlink, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '../errors.ts';
import type { TranscodeCache } from './cache.ts';
import type { TargetFormat } from './formats.ts';
import type { Limiter, Ticket } from './limiter.ts';
import { SparePool, type SpareKind } from './spares.ts';

/** One transcode to run: input, output format, and where it may be cached. */
export interface TranscodeSpec {
  key: string;
  input: string;
  target: TargetFormat;
  bitrate: number;
  offset: number;
  /** Only this many seconds of output (a preview). */
  clip?: number;
  /** Whether the finished output goes into the cache (seeks inside a track do not). */
  cacheable: boolean;
  /** Audio played before the input, in the same output (a free plan's ad in front of a track); never from a spare. */
  prefix?: string;
}

export interface TranscoderDeps {
  ffmpegPath: string;
  limiter: Limiter;
  cache: TranscodeCache;
  onError?: (error: Error, spec: TranscodeSpec) => void;
  /** Warm ffmpeg processes kept for recently used outputs (default 2; 0: none). See spares.ts. */
  spares?: number;
}

/** The ffmpeg command line for a spec: audio only, no metadata, packets flushed as made. */
export function ffmpegArgs(spec: TranscodeSpec): string[] {
  const seek = spec.offset > 0 ? ['-ss', String(spec.offset)] : [];
  const clip = spec.clip !== undefined ? ['-t', String(spec.clip)] : [];
  if (spec.prefix) return ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', spec.prefix, ...seek, '-i', spec.input, ...clip, ...splicedOutputArgs(spec)];
  return ['-hide_banner', '-loglevel', 'error', '-nostdin', ...seek, '-i', spec.input, ...clip, ...outputArgs(spec)];
}

/**
 * Two inputs played one after the other into one output: both are brought to the same
 * rate and stereo first, as concat needs (an ad in 48 kHz before a 44.1 kHz mono track).
 */
function splicedOutputArgs({ target, bitrate }: SpareKind): string[] {
  const rate = target.name === 'opus' ? 48_000 : 44_100;
  const same = `aresample=${rate},aformat=sample_fmts=fltp:sample_rates=${rate}:channel_layouts=stereo`;
  const graph = `[0:a:0]${same}[first];[1:a:0]${same}[second];[first][second]concat=n=2:v=0:a=1[out]`;
  return ['-filter_complex', graph, '-map', '[out]', '-vn', '-map_metadata', '-1', ...target.args(bitrate), '-flush_packets', '1', 'pipe:1'];
}

/** Everything after the input: the same for a fresh process and a warm spare. */
export function outputArgs({ target, bitrate }: SpareKind): string[] {
  return ['-map', '0:a:0', '-vn', '-map_metadata', '-1', ...target.args(bitrate), '-flush_packets', '1', 'pipe:1'];
}

/**
 * One ffmpeg run shared by every listener of the same transcode. Output is kept in
 * memory as it arrives (a track is a few megabytes) so a listener who joins late starts
 * from byte 0, and is written to a temporary file that becomes the cache entry when
 * ffmpeg succeeds. When the last listener leaves before the end, the process is killed.
 */
class Job {
  readonly chunks: Buffer[] = [];
  readonly readers = new Set<JobReader>();
  state: 'queued' | 'running' | 'done' | 'failed' | 'killed' = 'queued';
  error?: Error;
  process?: ChildProcess;
  ticket?: Ticket;
  file?: WriteStream;
  tmpPath?: string;
  readonly firstOutput: Promise<void>;
  #settleFirst!: (error?: Error) => void;
  readonly spec: TranscodeSpec;

  constructor(spec: TranscodeSpec) {
    this.spec = spec;
    this.firstOutput = new Promise<void>((resolve, reject) => {
      this.#settleFirst = (error) => (error ? reject(error) : resolve());
    });
    this.firstOutput.catch(() => {}); // observed by whoever awaits it
  }

  /** New output or a final state: wake readers. */
  notify(): void {
    if (this.chunks.length > 0 || this.state !== 'running') this.#settleFirst(this.state === 'failed' ? this.error : undefined);
    for (const reader of this.readers) reader.wake();
  }

  get finished(): boolean {
    return this.state === 'done' || this.state === 'failed' || this.state === 'killed';
  }
}

/** A listener's view of a job: a stream from byte 0 that follows the encoder. */
export class JobReader extends Readable {
  #next = 0;
  /** Bytes handed on so far. */
  pushed = 0;
  readonly #job: Job;
  readonly #onLeave: (reader: JobReader) => void;

  constructor(job: Job, onLeave: (reader: JobReader) => void) {
    super({ highWaterMark: 64 * 1024 });
    this.#job = job;
    this.#onLeave = onLeave;
  }

  override _read(): void {
    this.wake();
  }

  /** Pushes what is available until the consumer is full. */
  wake(): void {
    const job = this.#job;
    while (this.#next < job.chunks.length) {
      const chunk = job.chunks[this.#next++]!;
      this.pushed += chunk.length;
      if (!this.push(chunk)) return;
    }
    if (job.state === 'done') this.push(null);
    else if (job.state === 'failed' || job.state === 'killed') this.destroy(job.error ?? new Error('transcode stopped'));
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#onLeave(this);
    callback(error);
  }
}

/** Runs, shares and stops ffmpeg processes; counts them so tests can hold it to "one per transcode". */
export function createTranscoder({ ffmpegPath, limiter, cache, onError = () => {}, spares: maxSpares = 2 }: TranscoderDeps) {
  const jobs = new Map<string, Job>();
  const live = new Set<ChildProcess>();
  const spares = new SparePool({ ffmpegPath, outputArgs, max: maxSpares });
  let spawned = 0;
  let warm = 0;
  // Names this node's files being written: nodes sharing a data folder may have one process id (each its container's 1).
  const node = randomUUID().slice(0, 8);

  const leave = (job: Job, reader: JobReader) => {
    job.readers.delete(reader);
    if (job.readers.size === 0 && !job.finished) stop(job);
  };

  /** Kills a job nobody listens to; the slot frees when the process has really exited. */
  const stop = (job: Job) => {
    job.state = 'killed';
    jobs.delete(job.spec.key);
    job.ticket?.cancel();
    job.process?.kill('SIGKILL');
    discardFile(job);
    job.notify();
  };

  const discardFile = (job: Job) => {
    if (!job.file) return;
    const path = job.tmpPath!;
    job.file.destroy();
    job.file = undefined;
    unlink(path, () => {});
  };

  const start = (job: Job) => {
    if (job.state !== 'queued') return limiter.release(); // cancelled while its slot was being handed over
    job.state = 'running';
    // A seek (-ss before the input) or a clip always starts a fresh process; a spare reads all from 0.
    const spare = job.spec.offset === 0 && !job.spec.prefix && job.spec.clip === undefined ? spares.take(job.spec, job.spec.input) : undefined;
    const child = spare ?? spawn(ffmpegPath, ffmpegArgs(job.spec), { stdio: ['ignore', 'pipe', 'pipe'] });
    spawned += 1;
    if (spare) warm += 1;
    // The next track in this format and bitrate will want one too; started once this one
    // has output, so the two do not compete for the CPU while this listener waits.
    job.firstOutput.then(
      () => spares.prepare(job.spec),
      () => {},
    );
    live.add(child);
    job.process = child;
    if (job.spec.cacheable) {
      job.tmpPath = join(cache.tmpDir, `${job.spec.key}.${node}.${spawned}`);
      job.file = createWriteStream(job.tmpPath);
      job.file.on('error', () => discardFile(job)); // a full disk costs the cache entry, not the stream
    }
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      if (stderr.length < 4000) stderr += text;
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      if (job.state !== 'running') return;
      job.chunks.push(chunk);
      job.file?.write(chunk);
      job.notify();
    });
    let released = false;
    const exited = () => {
      if (released) return;
      released = true;
      live.delete(child);
      limiter.release();
    };
    child.on('error', (error) => {
      exited();
      fail(job, error);
    });
    child.on('close', (code, signal) => {
      exited();
      if (job.state !== 'running') return;
      if (code === 0) return succeed(job);
      fail(job, new Error(`ffmpeg exited with ${signal ?? code}: ${stderr.trim().slice(0, 500)}`));
    });
  };

  const fail = (job: Job, error: Error) => {
    if (job.finished) return;
    job.state = 'failed';
    job.error = new AppError('transcode_failed', 500, `The track could not be transcoded (${error.message.split('\n')[0]})`);
    jobs.delete(job.spec.key);
    job.process?.kill('SIGKILL');
    discardFile(job);
    onError(error, job.spec);
    job.notify();
  };

  const succeed = (job: Job) => {
    job.state = 'done';
    job.notify();
    const file = job.file;
    if (!file) return void jobs.delete(job.spec.key);
    // Stays findable until the cache holds it, so nobody starts a second encode meanwhile.
    file.end(() => {
      try {
        cache.add(job.spec.key, job.tmpPath!, job.spec.target.extension);
      } catch (error) {
        onError(error as Error, job.spec);
      }
      jobs.delete(job.spec.key);
    });
  };

  return {
    /**
     * A stream of the transcode for one listener, sharing a running job when there is
     * one. Resolves once the first bytes exist (or throws the job's failure), so the
     * caller can still answer with an error status before any header is sent.
     */
    async open(spec: TranscodeSpec, signal: AbortSignal): Promise<JobReader> {
      let job = jobs.get(spec.key);
      if (!job) {
        job = new Job(spec);
        const fresh = job;
        fresh.ticket = limiter.enqueue(() => start(fresh));
        jobs.set(spec.key, fresh);
      }
      const current = job;
      const reader = new JobReader(current, (r) => leave(current, r));
      current.readers.add(reader);
      // A listener who leaves while queued or before the first bytes leaves the job too.
      let onAbort!: () => void;
      const gone = new Promise<never>((_, reject) => {
        onAbort = () => reject(new AppError('client_gone', 499, 'The client went away'));
      });
      gone.catch(() => {});
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        if (signal.aborted) onAbort();
        await Promise.race([current.firstOutput, gone]);
      } catch (error) {
        reader.destroy();
        throw error;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
      return reader;
    },
    /**
     * Transcodes started (one ffmpeg run each: `warm` of them on a spare), running and
     * queued now, shared jobs, and idle spares (for tests, metrics and /health).
     */
    stats: () => ({ spawned, warm, running: live.size, queued: limiter.queued, jobs: jobs.size, spares: spares.idle }),
    /** Kills every process (shutdown). */
    close(): void {
      spares.close();
      for (const job of [...jobs.values()]) stop(job);
      for (const child of live) child.kill('SIGKILL');
    },
  };
}

export type Transcoder = ReturnType<typeof createTranscoder>;
