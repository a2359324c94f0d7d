import { SEARCH_KINDS, type SearchDocument, type SearchKind } from './documents.ts';
import { evaluate } from './evaluate.ts';
import type { ParsedQuery } from './query-parser.ts';
import { buildSegment, segmentOf, type SlicedOptions } from './segment-build.ts';
import type { Segment } from './segment.ts';

/** One result: which item, how well it matched, and its popularity (for merging and best match). */
export interface Hit {
  kind: SearchKind;
  id: string;
  score: number;
  popularity: number;
}

/** Ranked results of one kind: how many match, and the requested window of them. */
export interface KindResult {
  total: number;
  hits: Hit[];
}

/** How many changed documents may sit in small segments before the kind asks to be rebuilt. */
export const REBUILD_AT = (baseSize: number) => Math.max(20_000, Math.floor(baseSize / 20));
/** Small segments are merged into one when there are more than this many. */
const MAX_SMALL_SEGMENTS = 8;

/** A base segment, and what changed since it was saved (a saved index caught up with the table). */
export interface Base {
  segment: Segment;
  /** Ids removed since: taken out of the base first. */
  removed?: readonly string[];
  /** Documents stored since, as they are now, and a segment of them (built in slices). */
  stored?: { docs: readonly SearchDocument[]; segment: Segment };
}

/** Better first: score, popularity, then id (the same order Segment numbers documents in). */
export function compareHits(a: Hit, b: Hit): number {
  return b.score - a.score || b.popularity - a.popularity || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The live index of one kind: a large base segment built at start (or rebuild) plus small
 * segments for documents changed since, like a log-structured merge tree. A changed or
 * removed document is marked dead in the segment that held it. Changes keep the small
 * segments' documents in memory so they can be merged; the base is rebuilt from the
 * database when the small segments grow past REBUILD_AT.
 */
export class KindIndex {
  private segments: Array<{ segment: Segment; dead: Uint8Array; deadCount: number }> = [];
  private recent = new Map<string, SearchDocument>();
  /** Changes made while a rebuild is loading, replayed over the new base. */
  private journal: Map<string, SearchDocument | null> | undefined;
  readonly kind: SearchKind;

  constructor(kind: SearchKind, docs: readonly SearchDocument[] = []) {
    this.kind = kind;
    this.setBase(segmentOf(kind, docs));
  }

  private setBase(segment: Segment) {
    this.segments = [{ segment, dead: new Uint8Array(segment.size), deadCount: 0 }];
    this.recent.clear();
  }

  /** Documents currently findable. */
  get size(): number {
    return this.segments.reduce((n, s) => n + s.segment.size - s.deadCount, 0);
  }

  /** True when the small segments are large enough that a rebuild from the database pays off. */
  get wantsRebuild(): boolean {
    return this.journal === undefined && this.recent.size > REBUILD_AT(this.segments[0]!.segment.size);
  }

  private kill(id: string) {
    for (const s of this.segments) {
      const d = s.segment.find(id);
      if (d >= 0 && s.dead[d] === 0) {
        s.dead[d] = 1;
        s.deadCount++;
      }
    }
  }

  /** Adds or replaces documents; searchable when this returns. */
  upsert(docs: readonly SearchDocument[]) {
    if (!docs.length) return;
    const latest = new Map<string, SearchDocument>();
    for (const doc of docs) latest.set(doc.id, doc);
    for (const [id, doc] of latest) {
      this.kill(id);
      this.recent.set(id, doc);
      this.journal?.set(id, doc);
    }
    this.addSmall([...latest.values()]);
  }

  /** Removes documents by id; unknown ids are ignored. */
  remove(ids: readonly string[]) {
    for (const id of ids) {
      this.kill(id);
      this.recent.delete(id);
      this.journal?.set(id, null);
    }
  }

  private addSmall(docs: SearchDocument[]) {
    if (this.segments.length - 1 >= MAX_SMALL_SEGMENTS) {
      // Merge every small segment into one, from the documents kept for that purpose.
      this.segments = this.segments.slice(0, 1);
      docs = [...this.recent.values()];
    }
    const segment = segmentOf(this.kind, docs);
    this.segments.push({ segment, dead: new Uint8Array(segment.size), deadCount: 0 });
  }

  /**
   * Replaces the whole index with the documents `load` yields (the database's current
   * state), built in slices that leave the event loop free (see buildSegment); the old
   * index answers meanwhile, and changes made while loading are replayed on top.
   */
  rebuild(load: () => AsyncIterable<readonly SearchDocument[]>, options: SlicedOptions = {}): Promise<void> {
    return this.replaceBase(() => buildSegment(this.kind, load(), options));
  }

  /**
   * Replaces the whole index with the segment `make` gives (built from the table, or read
   * from a saved file and the changes since); the old index answers meanwhile, and changes
   * made meanwhile are replayed on top.
   */
  async replaceBase(make: () => Promise<Segment | Base>): Promise<void> {
    this.journal = new Map();
    try {
      const made = await make();
      const journal = this.journal;
      this.journal = undefined;
      const { segment, removed = [], stored } = 'segment' in made ? made : { segment: made };
      this.setBase(segment);
      for (const id of removed) this.kill(id);
      if (stored?.docs.length) {
        for (const doc of stored.docs) {
          this.kill(doc.id);
          this.recent.set(doc.id, doc);
        }
        this.segments.push({ segment: stored.segment, dead: new Uint8Array(stored.segment.size), deadCount: 0 });
      }
      const upserts: SearchDocument[] = [];
      for (const [id, doc] of journal) {
        if (doc) upserts.push(doc);
        else this.remove([id]);
      }
      this.upsert(upserts);
    } finally {
      this.journal = undefined;
    }
  }

  /** The base segment (what is saved to the data folder). */
  get base(): Segment {
    return this.segments[0]!.segment;
  }

  /** The best `offset + limit` hits, cut to the window, and the total. */
  search(query: ParsedQuery, offset: number, limit: number, userId: string | undefined): KindResult {
    const k = offset + limit;
    let total = 0;
    const hits: Hit[] = [];
    for (const { segment, dead, deadCount } of this.segments) {
      const result = evaluate(segment, query, { k, userId, dead: deadCount ? dead : undefined });
      total += result.total;
      for (const h of result.hits) hits.push({ kind: this.kind, id: segment.id(h.doc), score: h.score, popularity: segment.popularity[h.doc]! });
    }
    if (this.segments.length > 1) hits.sort(compareHits);
    return { total, hits: hits.slice(offset, k) };
  }

  /** Approximate memory held by this kind's segments. */
  bytes(): number {
    return this.segments.reduce((n, s) => n + s.segment.bytes() + s.dead.byteLength, 0);
  }
}

/** The in-memory index of every kind. */
export class MemoryIndex {
  readonly kinds = new Map<SearchKind, KindIndex>(SEARCH_KINDS.map((kind) => [kind, new KindIndex(kind)]));

  of(kind: SearchKind): KindIndex {
    return this.kinds.get(kind)!;
  }

  /** Adds or replaces documents of any kinds. */
  upsert(docs: readonly SearchDocument[]) {
    for (const kind of SEARCH_KINDS) {
      const ofKind = docs.filter((d) => d.kind === kind);
      if (ofKind.length) this.of(kind).upsert(ofKind);
    }
  }

  bytes(): number {
    let total = 0;
    for (const index of this.kinds.values()) total += index.bytes();
    return total;
  }
}
