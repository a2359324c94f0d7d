import { join } from 'node:path';
import type { SearchKind } from './documents.ts';
import type { MemoryIndex } from './memory-index.ts';
import type { SearchRepository } from './repository.ts';
import { buildSegment } from './segment-build.ts';
import { readSegmentFile, writeSegmentFile } from './segment-file.ts';

export interface KindLoaderDeps {
  repo: SearchRepository;
  index: MemoryIndex;
  /** Where built segments are saved and read back (omitted: always built from the table). */
  indexDir: string | undefined;
  /** Rows per read from the table. */
  loadBatch: number;
  /** Stops loads and saves (the search module closing). */
  signal: AbortSignal;
  onError: (error: unknown) => void;
}

/** Loads each kind's base segment: from its saved file while that is current, else from the table (then saved). */
export function createKindLoader({ repo, index, indexDir, loadBatch, signal, onError }: KindLoaderDeps) {
  /** The kind's rows in batches, reading the next batch while the current one is tokenised. */
  async function* loadAll(kind: SearchKind) {
    const batches = repo.all(kind, loadBatch)[Symbol.asyncIterator]();
    let next = batches.next();
    for (;;) {
      const { value, done } = await next;
      if (done) return;
      signal.throwIfAborted();
      next = batches.next();
      next.catch(() => {}); // awaited above on the next turn; a load stopped by close() leaves it unread
      yield value;
    }
  }
  /** Saves of built segments, one after another, in the background. */
  let saving: Promise<void> = Promise.resolve();
  const fileOf = (dir: string, kind: SearchKind) => join(dir, `${kind}.segment`);

  /**
   * Replaces the kind's index with its saved segment when `fromFile` and the file is as
   * current as the table, else with one built from the table (then saved for the next
   * start). The generation is read after the index starts journaling changes, so a change
   * either made it stale or is replayed over it.
   */
  async function replaceKind(kind: SearchKind, fromFile: boolean) {
    const options = { signal };
    let built: number | undefined;
    await index.of(kind).replaceBase(async () => {
      const generation = indexDir === undefined ? 0 : await repo.generation(kind);
      if (fromFile && indexDir !== undefined) {
        const saved = await readSegmentFile(fileOf(indexDir, kind), { kind, generation }, options).catch((error: unknown) => {
          if (!signal.aborted) onError(error);
          return undefined;
        });
        if (saved) return saved;
      }
      built = generation;
      return buildSegment(kind, loadAll(kind), options);
    });
    if (indexDir !== undefined && built !== undefined) {
      const segment = index.of(kind).base;
      const stamp = { kind, generation: built };
      saving = saving
        .then(() => writeSegmentFile(fileOf(indexDir, kind), segment, stamp, options))
        .catch((error: unknown) => void (signal.aborted || onError(error)));
    }
  }

  return { replaceKind, saved: () => saving };
}
