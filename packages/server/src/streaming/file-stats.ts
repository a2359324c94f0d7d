import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fileKey } from './blocks.ts';
import { sharedWhileRunning } from './in-flight.ts';
import { fileEtag } from './ranges.ts';

/** What a response needs to know of a file version: its size and time, and the validators made of them. */
export interface FileInfo {
  size: number;
  mtimeMs: number;
  /** Strong ETag (fileEtag). */
  etag: string;
  /** The Last-Modified header's value. */
  lastModified: string;
  /** The block cache's key of this version (blocks.ts fileKey). */
  key: string;
}

/**
 * Files whose stat is kept (with one inotify watch each); the oldest go first. Enough for the
 * tracks being played at once on a large server, and few beside the library's own watches
 * (one per directory of every music folder, library/watcher.ts), which share the user's
 * inotify limit: 8,192 on older kernels (a Raspberry Pi's among them).
 */
const CAPACITY = 512;
/** However quiet its watch, a kept stat is checked again after this long (network filesystems report nothing). */
const MAX_AGE_MS = 1000;

interface Entry {
  info?: FileInfo;
  checkedAt: number;
  /** The stat() running for this entry, shared by the requests that arrive meanwhile. */
  pending?: Promise<FileInfo>;
  watcher: FSWatcher;
}

/**
 * stat() of the files being served, kept while the file is seen not to change: a range
 * request of a hot track then costs no thread-pool round trip (~20 µs of CPU, the largest
 * item of a 64 KiB range after the socket write). Each kept file has a watch (inotify on
 * Linux) set before its stat is taken; any event on it (written, touched, renamed,
 * replaced, deleted) drops what is kept at once, so a file rewritten in place is seen from
 * the next request on, as with a stat per request. A file that cannot be watched is
 * stat()ed every time; one whose watch reports nothing (a network filesystem changed on
 * another machine) is stat()ed again after a second, like NFS's own attribute cache.
 */
export class FileStats {
  readonly #entries = new Map<string, Entry>();
  readonly #capacity: number;
  readonly #maxAgeMs: number;
  /** For files without a watch: stats taken at the same time are shared (in-flight.ts), nothing is kept. */
  readonly #unwatched = sharedWhileRunning(statInfo);

  constructor(capacity = CAPACITY, maxAgeMs = MAX_AGE_MS) {
    this.#capacity = capacity;
    this.#maxAgeMs = maxAgeMs;
  }

  /** The file's size, time and validators; throws ENOENT for a missing file or anything but a file. */
  info(path: string): FileInfo | Promise<FileInfo> {
    let entry = this.#entries.get(path);
    if (entry?.info && performance.now() - entry.checkedAt < this.#maxAgeMs) return entry.info;
    if (entry?.pending) return entry.pending;
    // The watch comes before the stat: a change made while stat() runs drops the entry it would fill.
    entry ??= this.#watch(path);
    if (!entry) return this.#unwatched(path);
    const checking = entry;
    const checkedAt = performance.now();
    checking.pending = statInfo(path).then(
      (info) => {
        checking.pending = undefined;
        if (this.#entries.get(path) === checking) {
          checking.info = info;
          checking.checkedAt = checkedAt;
        }
        return info;
      },
      (error: unknown) => {
        checking.pending = undefined;
        this.forget(path, checking);
        throw error;
      },
    );
    return checking.pending;
  }

  #watch(path: string): Entry | undefined {
    let watcher: FSWatcher;
    try {
      watcher = watch(path, { persistent: false });
    } catch {
      return undefined; // no watch (no inotify, too many watches): stat() every time
    }
    const entry: Entry = { checkedAt: 0, watcher };
    const drop = () => this.forget(path, entry);
    watcher.on('change', drop);
    watcher.on('error', drop);
    if (this.#entries.size >= this.#capacity) {
      const [oldest, old] = this.#entries.entries().next().value!;
      this.forget(oldest, old);
    }
    this.#entries.set(path, entry);
    return entry;
  }

  /** Forgets a file's stat (it was seen to change); the next request stat()s it afresh. */
  forget(path: string, entry = this.#entries.get(path)): void {
    if (!entry || this.#entries.get(path) !== entry) return;
    this.#entries.delete(path);
    entry.watcher.close();
  }

  /** Closes every watch. */
  close(): void {
    for (const [path, entry] of this.#entries) this.forget(path, entry);
  }
}

async function statInfo(path: string): Promise<FileInfo> {
  const stats = await stat(path);
  if (!stats.isFile()) throw Object.assign(new Error(`${path} is not a file`), { code: 'ENOENT' });
  return {
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    etag: fileEtag(stats.size, stats.mtimeMs),
    lastModified: new Date(stats.mtimeMs).toUTCString(),
    key: fileKey(path, stats.size, stats.mtimeMs),
  };
}
