import type { Readable } from 'node:stream';
import { FRAME_BYTES, RATE } from './decoder.ts';
import type { Sink } from './sink.ts';

export interface OutputOptions {
  /** How far ahead of the clock PCM is written (the sink's cushion; also the most a pause lets out). */
  aheadMs?: number;
  tickMs?: number;
  /** A monotonic clock in ms. */
  now?: () => number;
}

/** Decoded PCM kept ahead of the writer; the decoder is paused beyond HIGH and resumed below LOW. */
const HIGH_BYTES = 2 * RATE * FRAME_BYTES;
const LOW_BYTES = RATE * FRAME_BYTES;

/** Scales s16le samples by volume/100 (a copy; 100 returns the same bytes). */
export function scale(pcm: Buffer, volume: number): Buffer {
  if (volume >= 100) return pcm;
  const gain = Math.max(0, volume) / 100;
  const out = Buffer.allocUnsafe(pcm.length - (pcm.length % 2));
  for (let i = 0; i < out.length; i += 2) out.writeInt16LE(Math.round(pcm.readInt16LE(i) * gain), i);
  return out;
}

/**
 * Writes a source's PCM into the sink in real time: at each tick, up to `aheadMs` past a
 * clock that runs while playing. Pausing stops the writes at once; the position is the frames
 * written. When the source starves (a slow decoder, a network stream) the clock waits for it
 * instead of bursting to catch up. A new source while playing continues on the same clock
 * (the next track follows without a gap).
 */
export class Output {
  /** Frames of the current source written, counted from its start (a seek's start included). */
  frames = 0;
  volume = 100;
  /** Called once when the current source ended and all of it was written. */
  onEnd: () => void = () => {};
  private source: Readable | null = null;
  private queue: Buffer[] = [];
  private queued = 0;
  private ended = false;
  private timer: NodeJS.Timeout | null = null;
  /** Clock start and frames written since. */
  private t0 = 0;
  private sent = 0;
  private readonly aheadFrames: number;
  private readonly tickMs: number;
  private readonly now: () => number;

  private readonly sink: Sink;

  constructor(sink: Sink, options: OutputOptions = {}) {
    this.sink = sink;
    this.aheadFrames = Math.round(((options.aheadMs ?? 150) * RATE) / 1000);
    this.tickMs = options.tickMs ?? 20;
    this.now = options.now ?? (() => performance.now());
  }

  get playing() {
    return this.timer !== null;
  }

  get positionMs() {
    return Math.round((this.frames * 1000) / RATE);
  }

  /** Plays `pcm` next, which starts `startMs` into its track; the source before is dropped. */
  load(pcm: Readable, startMs: number) {
    this.unload();
    this.source = pcm;
    this.frames = Math.round((startMs * RATE) / 1000);
    pcm.on('data', (chunk: Buffer) => {
      if (this.source !== pcm) return;
      this.queue.push(chunk);
      this.queued += chunk.length;
      if (this.queued > HIGH_BYTES) pcm.pause();
    });
    pcm.once('end', () => {
      if (this.source !== pcm) return;
      this.ended = true;
      this.tick();
    });
    pcm.once('error', () => {
      if (this.source === pcm) this.ended = true;
    });
  }

  /** Drops the source (and what was queued of it); the position stays. */
  unload() {
    this.source?.removeAllListeners('data');
    this.source?.destroy();
    this.source = null;
    this.queue = [];
    this.queued = 0;
    this.ended = false;
  }

  play() {
    if (this.timer) return;
    this.t0 = this.now();
    this.sent = 0;
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.tick();
  }

  pause() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick() {
    if (!this.timer || !this.source) return;
    const now = this.now();
    let due = Math.floor(((now - this.t0) * RATE) / 1000);
    // Starved (nothing was there to write): the clock restarts from what was written.
    if (this.sent < due) {
      this.t0 = now - (this.sent * 1000) / RATE;
      due = this.sent;
    }
    const want = (due + this.aheadFrames - this.sent) * FRAME_BYTES;
    if (want > 0 && this.queued >= FRAME_BYTES) {
      const pcm = this.take(want);
      this.sink.write(scale(pcm, this.volume));
      this.sent += pcm.length / FRAME_BYTES;
      this.frames += pcm.length / FRAME_BYTES;
    }
    if (this.source.isPaused() && this.queued < LOW_BYTES && !this.ended) this.source.resume();
    if (this.ended && this.queued < FRAME_BYTES) {
      this.unload();
      this.onEnd();
    }
  }

  /** Up to `bytes` (whole frames) from the queue. */
  private take(bytes: number): Buffer {
    const n = Math.min(bytes, this.queued - (this.queued % FRAME_BYTES));
    const parts: Buffer[] = [];
    let got = 0;
    while (got < n) {
      const head = this.queue[0]!;
      const part = head.length <= n - got ? head : head.subarray(0, n - got);
      parts.push(part);
      got += part.length;
      if (part === head) this.queue.shift();
      else this.queue[0] = head.subarray(part.length);
    }
    this.queued -= n;
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }
}
