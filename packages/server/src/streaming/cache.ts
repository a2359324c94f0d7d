import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

export interface CachedFile {
  path: string;
  size: number;
}

/** A file in tmp/ not written to for this long was left by a crash. */
const ABANDONED_MS = 60 * 60_000;

/**
 * Finished transcodes on disk, capped in bytes, evicting the least recently used. The
 * index lives in memory (a Map keeps insertion order, so re-inserting on use makes it
 * an LRU list) and is rebuilt from the folder at start, oldest modification first.
 * Files being written live in `tmp/` and are not counted; each node of a cluster keeps its
 * own index of the shared folder (so the cap holds per node, not for the folder).
 */
// Not lru-cache: this index already evicts by bytes, least recently used first (never all at once), and its eviction deletes files and its start rebuilds from the folder.
export function createTranscodeCache(dir: string, maxBytes: number) {
  const tmpDir = join(dir, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  // Left by a crash; not another node's transcode being written (nodes may share the data folder).
  for (const name of readdirSync(tmpDir)) {
    const path = join(tmpDir, name);
    if (Date.now() - statSync(path).mtimeMs > ABANDONED_MS) unlinkSync(path);
  }
  const entries = new Map<string, CachedFile>();
  let bytes = 0;

  const found = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && /^[0-9a-f]{32}\.\w+$/.test(d.name))
    .map((d) => ({ name: d.name, stat: statSync(join(dir, d.name)) }))
    .sort((a, b) => a.stat.mtimeMs - b.stat.mtimeMs);
  for (const f of found) {
    entries.set(f.name.slice(0, 32), { path: join(dir, f.name), size: f.stat.size });
    bytes += f.stat.size;
  }

  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.size;
    try {
      unlinkSync(entry.path); // readers that have it open keep reading; the space frees after
    } catch {
      // already gone
    }
  };
  const evict = () => {
    for (const key of entries.keys()) {
      if (bytes <= maxBytes) break;
      remove(key);
    }
  };
  evict();

  return {
    tmpDir,
    /** The cached file for a key, marking it recently used. */
    get(key: string): CachedFile | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry;
    },
    /** Moves a finished file from tmp/ into the cache, then evicts down to the cap. */
    add(key: string, tmpPath: string, extension: string): void {
      const size = statSync(tmpPath).size;
      if (size > maxBytes) {
        unlinkSync(tmpPath);
        return;
      }
      remove(key);
      const path = join(dir, `${key}.${extension}`);
      renameSync(tmpPath, path);
      entries.set(key, { path, size });
      bytes += size;
      evict();
    },
    /** Drops an entry whose file vanished. */
    forget: remove,
    usage: () => ({ bytes, entries: entries.size, maxBytes }),
  };
}

export type TranscodeCache = ReturnType<typeof createTranscodeCache>;
