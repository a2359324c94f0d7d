import { join } from 'node:path';
import type { SearchDocument, SearchKind } from './documents.ts';
import { REBUILD_AT, type Base, type MemoryIndex } from './memory-index.ts';
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

/** How a kind's base was loaded: built from the table, or read from its saved file and the rows changed since. */
export type KindLoad = { from: 'table'; generation: number } | { from: 'file'; generation: number; removed: number; stored: number };

/** Loads each kind's base segment: from its saved file caught up with the table, else from the table (then saved). */
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

  /** How each kind's base was last loaded (stats(), tests and the bench). */
  const loads = new Map<SearchKind, KindLoad>();

  /**
   * The saved segment caught up with the table: the file, minus what was removed since its
   * generation, plus what was stored since (as one small segment). Undefined when there is no
   * usable file, or it is so far behind that the index would want a rebuild anyway.
   */
  async function fromSaved(kind: SearchKind, dir: string, upTo: number): Promise<Base | undefined> {
    const saved = await readSegmentFile(fileOf(dir, kind), { kind, upTo }, { signal }).catch((error: unknown) => {
      if (!signal.aborted) onError(error);
      return undefined;
    });
    if (!saved) return undefined;
    const changes = await repo.changesSince(kind, saved.generation);
    if (changes.count > REBUILD_AT(saved.segment.size)) return undefined;
    const removed = await changes.removed();
    const docs: SearchDocument[] = [];
    for await (const batch of changes.stored(loadBatch)) docs.push(...batch);
    const stored = docs.length ? { docs, segment: await buildSegment(kind, [docs], { signal }) } : undefined;
    loads.set(kind, { from: 'file', generation: saved.generation, removed: removed.length, stored: docs.length });
    return { segment: saved.segment, removed, stored };
  }

  /**
   * Replaces the kind's index with its saved segment caught up with the table when
   * `fromFile` (see fromSaved), else with one built from the table (then saved for the next
   * start). The generation is read after the index starts journaling changes, so a change
   * committed after it is either read with the changes since or replayed from the journal
   * (its `search.changed` arrives after this node subscribed).
   */
  async function replaceKind(kind: SearchKind, fromFile: boolean) {
    let built: number | undefined;
    await index.of(kind).replaceBase(async () => {
      const generation = indexDir === undefined ? 0 : await repo.generation(kind);
      const base = fromFile && indexDir !== undefined ? await fromSaved(kind, indexDir, generation) : undefined;
      if (base) return base;
      built = generation;
      loads.set(kind, { from: 'table', generation });
      return buildSegment(kind, loadAll(kind), { signal });
    });
    if (indexDir !== undefined && built !== undefined) {
      const segment = index.of(kind).base;
      const stamp = { kind, generation: built };
      saving = saving
        .then(() => writeSegmentFile(fileOf(indexDir, kind), segment, stamp, { signal }))
        .catch((error: unknown) => void (signal.aborted || onError(error)));
    }
  }

  return { replaceKind, saved: () => saving, loads: () => Object.fromEntries(loads) as Partial<Record<SearchKind, KindLoad>> };
}
