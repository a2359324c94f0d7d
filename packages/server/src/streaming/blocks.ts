import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';

/**
 * Hot regions of audio files in memory, in fixed-size blocks, capped in bytes. Popular
 * tracks are read from disk once and then written to every listener from the same
 * buffers: no read syscall, no allocation, no garbage per chunk, and a thousand paused
 * listeners of one track hold references, not copies. Blocks are found by their file
 * version's key (path, size and mtime: a changed file never serves old bytes; its old
 * blocks simply age out) and index.
 *
 * Eviction is CLOCK, an approximation of least recently used: a hit only sets a flag on
 * its block, and the oldest block whose flag is clear goes first (a flagged one is given
 * another round). A hit allocates nothing and touches no shared structure: moving the
 * block to the end of a Map on every hit put a new key string into a long-lived Map per
 * request, which the young-generation GC then had to copy (a tenth of a 64 KiB range's CPU).
 */
// Not lru-cache: this is already an LRU-like cache capped in bytes, and its hit path (two Map gets, a flag) is benchmarked.
export class BlockCache {
  readonly blockSize: number;
  readonly maxBytes: number;
  /** Blocks by file version key, then by index. */
  readonly #files = new Map<string, Map<number, Block>>();
  /** Every block, oldest first (a flagged block moves to the end instead of going). */
  readonly #order = new Set<Block>();
  readonly #loading = new Map<string, Promise<Buffer>>();
  #bytes = 0;

  constructor(maxBytes: number, blockSize = 128 * 1024) {
    this.maxBytes = maxBytes;
    this.blockSize = blockSize;
  }

  /** Block `index` of a file version (`versionKey`); on a miss, loads it once through `handle()`. */
  block(handle: () => Promise<FileHandle>, versionKey: string, fileSize: number, index: number): Promise<Buffer> {
    const hit = this.#hit(versionKey, index);
    if (hit) return Promise.resolve(hit);
    return this.#load(handle, versionKey, fileSize, index);
  }

  /** A cached block, now marked as used. */
  #hit(versionKey: string, index: number): Buffer | undefined {
    const block = this.#files.get(versionKey)?.get(index);
    if (!block) return undefined;
    block.used = true;
    return block.buffer;
  }

  #load(handle: () => Promise<FileHandle>, versionKey: string, fileSize: number, index: number): Promise<Buffer> {
    const key = `${versionKey}#${index}`;
    const pending = this.#loading.get(key);
    if (pending) return pending;
    const offset = index * this.blockSize;
    const load = handle()
      .then((h) => readFully(h, offset, Math.min(this.blockSize, fileSize - offset)))
      .then((buffer) => {
        this.#store(versionKey, index, buffer);
        return buffer;
      })
      .finally(() => this.#loading.delete(key));
    this.#loading.set(key, load);
    return load;
  }

  #store(versionKey: string, index: number, buffer: Buffer) {
    if (this.maxBytes < buffer.length) return;
    let blocks = this.#files.get(versionKey);
    if (!blocks) this.#files.set(versionKey, (blocks = new Map()));
    if (blocks.has(index)) return;
    const block: Block = { versionKey, index, buffer, used: false };
    blocks.set(index, block);
    this.#order.add(block);
    this.#bytes += buffer.length;
    for (const old of this.#order) {
      if (this.#bytes <= this.maxBytes) break;
      this.#order.delete(old);
      if (old.used && old !== block) {
        old.used = false;
        this.#order.add(old); // a second chance, at the end
        continue;
      }
      const oldBlocks = this.#files.get(old.versionKey)!;
      oldBlocks.delete(old.index);
      if (oldBlocks.size === 0) this.#files.delete(old.versionKey);
      this.#bytes -= old.buffer.length;
    }
  }

  /**
   * Bytes `start..end` (inclusive) of a file version as slices of its blocks, all at once
   * (for short responses); missing blocks are loaded in parallel through one file handle,
   * opened only on a miss and checked to still be that version.
   */
  async slices(file: FileVersion, start: number, end: number): Promise<Buffer[]> {
    const size = this.blockSize;
    const first = Math.floor(start / size);
    const blocks: Array<Buffer | Promise<Buffer>> = [];
    let handle: Promise<FileHandle> | undefined;
    const open = () => (handle ??= openVersion(file));
    for (let index = first; index * size <= end; index++) {
      blocks.push(this.#hit(file.key, index) ?? this.#load(open, file.key, file.size, index));
    }
    try {
      // Settled, not raced: the handle is closed only once no read is using it.
      const settled = blocks.every((b): b is Buffer => b instanceof Buffer) ? blocks : await settleAll(blocks);
      return settled.map((block, i) => {
        const offset = (first + i) * size;
        return block.subarray(Math.max(0, start - offset), Math.min(block.length, end + 1 - offset));
      });
    } finally {
      if (handle)
        await handle.then(
          (h) => h.close(),
          () => {},
        );
    }
  }

  get bytes(): number {
    return this.#bytes;
  }
}

/** Waits for every load to settle, then gives the blocks or throws the first failure. */
async function settleAll(blocks: Array<Buffer | Promise<Buffer>>): Promise<Buffer[]> {
  const settled = await Promise.allSettled(blocks);
  return settled.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });
}

/** A cached block of a file version. */
interface Block {
  versionKey: string;
  index: number;
  buffer: Buffer;
  /** Hit since it last came round for eviction. */
  used: boolean;
}

/** The cache key of a file version: a rewritten file gets new keys. */
export const fileKey = (path: string, size: number, mtimeMs: number) => `${path}\0${size}\0${mtimeMs}`;

/** The file on disk is no longer the version a response describes. */
export class FileChangedError extends Error {
  constructor(path: string) {
    super(`${path} changed while being sent`);
  }
}

/** Opens a file and checks it is still the version promised (throws FileChangedError if it changed). */
async function openVersion(file: FileVersion): Promise<FileHandle> {
  const handle = await open(file.path, 'r');
  const stat = await handle.stat().catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  if (stat.size !== file.size || stat.mtimeMs !== file.mtimeMs) {
    await handle.close();
    throw new FileChangedError(file.path);
  }
  return handle;
}

async function readFully(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafeSlow(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) throw new Error('the file shrank while being read');
    filled += bytesRead;
  }
  return buffer;
}

/** The version of a file a response describes (from stat before the headers went out). */
export interface FileVersion {
  path: string;
  size: number;
  mtimeMs: number;
  /** fileKey(path, size, mtimeMs): made once per stat, so that lookups hash no new string. */
  key: string;
}

/**
 * Pacing of a long response on a busy server: the first `burstBytes` go at once (a
 * player's start-up buffer), then no faster than `bytesPerSecond`. Without it, every new
 * listener's whole file is copied into kernel socket buffers as fast as the CPU allows, and
 * the listeners arriving meanwhile wait for their first bytes. While no more than
 * `busyAbove` long responses are being sent the server is not busy, and a download or a
 * caching app's read goes as fast as the client takes it.
 */
export interface Pace {
  burstBytes: number;
  bytesPerSecond: number;
  busyAbove: number;
  /** Long responses being sent now: one counter for every stream of a server. */
  sending: { count: number };
}

/**
 * Bytes `start..end` (inclusive) of a file version, block by block through the cache, as
 * fast as the consumer takes them (or as the pace allows). The file is opened only on a
 * cache miss (a hot track costs no open/read/close at all) and checked to still be the
 * version promised.
 */
export class FileRangeStream extends Readable {
  #position: number;
  readonly #end: number;
  readonly #file: FileVersion;
  readonly #key: string;
  readonly #cache: BlockCache;
  #handle?: Promise<FileHandle>;
  readonly #pace?: Pace;
  /** Where the pace's allowance starts: moved along while the server is not busy. */
  #paceFromBytes = 0;
  #paceFromMs = performance.now();
  #timer?: NodeJS.Timeout;
  /** Bytes handed on so far. */
  pushed = 0;

  constructor(file: FileVersion, start: number, end: number, cache: BlockCache, pace?: Pace) {
    super({ highWaterMark: 64 * 1024 });
    if (pace && end - start + 1 > pace.burstBytes) {
      this.#pace = pace;
      pace.sending.count += 1;
    }
    this.#file = file;
    this.#key = file.key;
    this.#position = start;
    this.#end = end;
    this.#cache = cache;
  }

  #open = (): Promise<FileHandle> => (this.#handle ??= openVersion(this.#file));

  override _read(): void {
    if (this.#timer) return;
    if (this.#pace && this.#pace.sending.count <= this.#pace.busyAbove) {
      this.#paceFromBytes = this.pushed;
      this.#paceFromMs = performance.now();
    } else if (this.#pace) {
      const allowed = this.#paceFromBytes + this.#pace.burstBytes + (this.#pace.bytesPerSecond * (performance.now() - this.#paceFromMs)) / 1000;
      if (this.pushed >= allowed) {
        const waitMs = Math.max(20, ((this.pushed - allowed) / this.#pace.bytesPerSecond) * 1000 + 20);
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this._read();
        }, waitMs);
        return;
      }
    }
    const size = this.#cache.blockSize;
    const index = Math.floor(this.#position / size);
    this.#cache.block(this.#open, this.#key, this.#file.size, index).then(
      (block) => {
        if (this.destroyed) return;
        const from = this.#position - index * size;
        const to = Math.min(block.length, this.#end + 1 - index * size);
        const piece = block.subarray(from, to);
        this.#position += piece.length;
        this.pushed += piece.length;
        this.push(piece);
        if (this.#position > this.#end) this.push(null);
      },
      (error: Error) => this.destroy(error),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.#timer);
    if (this.#pace) this.#pace.sending.count -= 1;
    if (!this.#handle) return callback(error);
    this.#handle
      .then((h) => h.close())
      .then(
        () => callback(error),
        () => callback(error),
      );
  }
}
