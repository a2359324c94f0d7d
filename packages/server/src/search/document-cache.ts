import { LRUCache } from 'lru-cache';
import type { SearchDocument, SearchKind } from './documents.ts';

/**
 * The stored documents behind recent results, so turning a page of hits into API items
 * rarely needs the database: keystrokes of one query, and the first letters everyone
 * types, keep returning the same items. Least recently used first out. Every change
 * forgets what it touches and bumps `generation`, so a read that raced a change is not
 * cached (see `fill`).
 */
export class DocumentCache {
  private readonly entries: LRUCache<string, SearchDocument>;
  generation = 0;

  constructor(capacity: number) {
    this.entries = new LRUCache({ max: capacity });
  }

  get(kind: SearchKind, id: string): SearchDocument | undefined {
    return this.entries.get(`${kind}:${id}`);
  }

  /** Caches documents read from the table, unless something changed since `generation` was read. */
  fill(docs: readonly SearchDocument[], generation: number) {
    if (generation !== this.generation) return;
    for (const doc of docs) this.entries.set(`${doc.kind}:${doc.id}`, doc);
  }

  forget(kind: SearchKind, ids: readonly string[]) {
    this.generation++;
    for (const id of ids) this.entries.delete(`${kind}:${id}`);
  }

  clear() {
    this.generation++;
    this.entries.clear();
  }
}
