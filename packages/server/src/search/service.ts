import { visibleWindow, type VisibleIds } from './scoped.ts';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { BusEvent, Delivery, EventBus } from '../events/bus.ts';
import { SEARCH_KINDS, type DocumentSource, type SearchDocument, type SearchKind } from './documents.ts';
import { DocumentCache } from './document-cache.ts';
import { compareHits, MemoryIndex, type Hit, type KindResult } from './memory-index.ts';
import { parseQuery } from './query-parser.ts';
import { marksFirst, markedWords, MARKS_WINDOW } from './exact-marks.ts';
import { createSearchRepository } from './repository.ts';
import { createKindLoader } from './kind-loader.ts';
import { tasksOf, type Task } from './event-tasks.ts';

export interface SearchDeps {
  db: Db;
  events: EventBus;
  /** Where documents come from when an event names changed ids, and for `reindex`. */
  sources?: DocumentSource[];
  /** The time now (ms since the epoch); the app passes its clock (AppDeps.clock). */
  now: () => number;
  /** Called when applying an event or loading a kind fails (the index stays as it was). */
  onError?: (error: unknown) => void;
  /**
   * How long a query sent while its kinds are still loading (just after start) waits for
   * them before it is answered 503 `search_starting`.
   */
  readyWaitMs?: number;
  /**
   * Rows per read while loading a kind: on SQLite a read holds the event loop (keep it
   * small); on PostgreSQL each read is a round trip (keep them few).
   */
  loadBatch?: number;
  /**
   * Folder where each kind's base segment is saved once built, and read at start instead of
   * the table while the table is unchanged since (segment-file.ts). Omitted: every start
   * builds from the table.
   */
  indexDir?: string;
  /** Which catalogue ids the request's viewer may see: music outside their libraries is never found (scoped.ts). */
  visible?: VisibleIds;
}

export interface SearchParams {
  q: string;
  kinds: readonly SearchKind[];
  limit: number;
  offset: number;
  /** The searching user: items with a restricted audience are found only by their audience. */
  userId?: string;
  /** The listener's language: in Swedish, hits holding the typed å, ä, ö come first (exact-marks.ts). */
  language?: string;
}

/** Ranked ids per kind; enrichment into API objects is a separate step (`documents`). */
export interface SearchResult {
  results: Partial<Record<SearchKind, KindResult>>;
  /** The single best hit over the requested kinds, or null. */
  best: Hit | null;
}

/** When scores tie, the best match prefers the more specific kind. */
const BEST_KIND_ORDER: Record<SearchKind, number> = { artist: 0, track: 1, album: 2, playlist: 3, user: 4 };
/** Kinds load at start smallest first, so people and playlists are found soonest. */
const LOAD_ORDER: readonly SearchKind[] = ['user', 'playlist', 'artist', 'album', 'track'];
/** How long events are gathered before the index is updated (well inside the 1 s promise). */
const GATHER_MS = 20;

/** The most hits one query returns, and the furthest it pages: callers cannot ask for more work. */
const MAX_LIMIT = 10_000;
const MAX_OFFSET = 10_000_000;
const clamp = (value: number, min: number, max: number) => (Number.isFinite(value) ? Math.min(max, Math.max(min, Math.trunc(value))) : min);

/**
 * The search module. The index lives in memory (see memory-index.ts) and is rebuilt from
 * `search_documents` at start; every change is written to that table first, then applied
 * in memory, then announced as `search.changed` so other nodes reload those rows.
 */
export function createSearch({ db, events, sources = [], now, onError = () => {}, readyWaitMs = 5_000, loadBatch = 2_000, indexDir, visible }: SearchDeps) {
  const repo = createSearchRepository(db);
  const index = new MemoryIndex();
  const node = randomUUID();
  const sourceOf = new Map<SearchKind, DocumentSource>();
  const addSource = (source: DocumentSource) => source.kinds.forEach((kind) => sourceOf.set(kind, source));
  sources.forEach(addSource);

  /** Each kind's initial load (resolved for kinds never loaded: they answer from what they hold). */
  const loading = new Map<SearchKind, Promise<void>>();
  const loaded = new Set<SearchKind>(SEARCH_KINDS);
  let ready: Promise<void> = Promise.resolve();
  let queue: Task[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let unsubscribe: (() => void) | undefined;
  const rebuilding = new Set<SearchKind>();
  const closing = new AbortController();
  /** A few pages of results' documents (~300 bytes each). */
  const cache = new DocumentCache(20_000);

  const { replaceKind, saved, loads } = createKindLoader({ repo, index, indexDir, loadBatch, signal: closing.signal, onError });
  const rebuildFromTable = (kind: SearchKind) => replaceKind(kind, false);

  /** Waits (at most readyWaitMs) for the initial load of `kinds`. */
  async function whenLoaded(kinds: readonly SearchKind[]) {
    const pending = kinds.filter((kind) => !loaded.has(kind));
    if (!pending.length) return;
    let timeout: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timeout = setTimeout(() => resolve('late'), readyWaitMs)));
    const outcome = await Promise.race([Promise.all(pending.map((kind) => loading.get(kind))), late]);
    clearTimeout(timeout);
    if (outcome === 'late') {
      const still = pending.filter((kind) => !loaded.has(kind));
      throw new AppError('search_starting', 503, `Search is still loading its index (${still.join(', ')}); try again in a few seconds`, { 'retry-after': '5' });
    }
  }

  function maybeRebuild(kind: SearchKind) {
    const kindIndex = index.of(kind);
    if (!kindIndex.wantsRebuild || rebuilding.has(kind)) return;
    rebuilding.add(kind);
    rebuildFromTable(kind)
      .catch((error: unknown) => closing.signal.aborted || onError(error))
      .finally(() => rebuilding.delete(kind));
  }

  async function applyUpsert(docs: readonly SearchDocument[], announce: boolean) {
    if (!docs.length) return;
    await repo.upsert(docs, now());
    for (const kind of new Set(docs.map((d) => d.kind)))
      cache.forget(
        kind,
        docs.filter((d) => d.kind === kind).map((d) => d.id),
      );
    index.upsert(docs);
    for (const kind of new Set(docs.map((d) => d.kind))) {
      maybeRebuild(kind);
      if (announce)
        await announceChange(
          kind,
          docs.filter((d) => d.kind === kind).map((d) => d.id),
        );
    }
  }

  async function applyRemove(kind: SearchKind, ids: readonly string[], announce: boolean) {
    if (!ids.length) return;
    await repo.remove(kind, ids);
    cache.forget(kind, ids);
    index.of(kind).remove(ids);
    if (announce) await announceChange(kind, [...ids]);
  }

  const announceChange = (kind: SearchKind, ids: string[]) => events.publish({ type: 'search.changed', users: [], data: { node, kind, ids } });

  /** Reads the current state of `ids` from the kind's source and applies it. */
  async function refresh(kind: SearchKind, ids: readonly string[]) {
    const source = sourceOf.get(kind);
    if (!source) return;
    const docs: SearchDocument[] = [];
    for await (const batch of source.documents(kind, ids)) docs.push(...batch);
    const found = new Set(docs.map((d) => d.id));
    await applyUpsert(docs, true);
    await applyRemove(
      kind,
      ids.filter((id) => !found.has(id)),
      true,
    );
  }

  /** Another node changed these rows: load them from the table into memory. */
  async function reload(kind: SearchKind, ids: readonly string[]) {
    const docs = await repo.byIds(kind, ids);
    cache.forget(kind, ids);
    const found = new Set(docs.map((d) => d.id));
    index.of(kind).upsert(docs);
    index.of(kind).remove(ids.filter((id) => !found.has(id)));
  }

  function enqueue(task: Task) {
    const same = queue.find((t) => t.action === task.action && t.kind === task.kind);
    if (same) same.ids.push(...task.ids);
    else queue.push(task);
    timer ??= setTimeout(flush, GATHER_MS);
  }

  function flush() {
    timer = undefined;
    const tasks = queue;
    queue = [];
    running = running.then(async () => {
      for (const task of tasks) {
        const ids = [...new Set(task.ids)];
        try {
          if (task.action === 'refresh') await refresh(task.kind, ids);
          else if (task.action === 'reload') await reload(task.kind, ids);
          else await applyRemove(task.kind, ids, true);
        } catch (error) {
          onError(error);
        }
      }
    });
  }

  const onEvent = (event: BusEvent, delivery?: Delivery) => tasksOf(event, node, delivery?.remote).forEach(enqueue);

  /** Rebuilds the table from the sources, then the memory index from the table. */
  async function reindex(kinds: readonly SearchKind[] = [...sourceOf.keys()]): Promise<Partial<Record<SearchKind, number>>> {
    const counts: Partial<Record<SearchKind, number>> = {};
    for (const kind of kinds) {
      const source = sourceOf.get(kind);
      if (!source) continue;
      const stale = new Set(await repo.ids(kind));
      let count = 0;
      for await (const batch of source.documents(kind)) {
        await repo.upsert(batch, now());
        for (const doc of batch) stale.delete(doc.id);
        count += batch.length;
      }
      await repo.remove(kind, [...stale]);
      cache.clear();
      await rebuildFromTable(kind);
      counts[kind] = count;
    }
    return counts;
  }

  const search = {
    /**
     * Follows events and loads the index from the table in the background (indexing from
     * sources the kinds never indexed yet), smallest kinds first, in slices that leave the
     * event loop free: the server answers at once. Queries for a kind still loading wait for
     * it (see readyWaitMs). Resolves when every kind is loaded; never rejects (a kind that
     * fails to load is reported to onError and answers from what it holds).
     */
    start(): Promise<void> {
      unsubscribe = events.subscribe(onEvent);
      let chain = Promise.resolve();
      for (const kind of LOAD_ORDER) {
        loaded.delete(kind);
        chain = chain.then(async () => {
          try {
            if (sourceOf.has(kind) && (await repo.count(kind)) === 0) await reindex([kind]);
            else await replaceKind(kind, true);
          } catch (error) {
            if (!closing.signal.aborted) onError(error);
          } finally {
            loaded.add(kind);
          }
        });
        loading.set(kind, chain);
      }
      ready = chain;
      return ready;
    },

    /** Resolves when the initial load of every kind has ended. */
    ready: () => ready,

    /** Resolves when the segments built so far are saved to `indexDir`. */
    saved,

    /** Adds a source of documents (the lead wires catalog and playlists here). */
    addSource,

    /** Adds or replaces documents; searchable on this node when the promise resolves, on others within a second. */
    upsert: (docs: readonly SearchDocument[]) => applyUpsert(docs, true),

    /** Removes documents by id, from one kind or from all. */
    async remove(ids: readonly string[], kind?: SearchKind) {
      for (const k of kind ? [kind] : SEARCH_KINDS) await applyRemove(k, ids, true);
    },

    reindex,

    /** Ranked hits per requested kind, and the best match over them. */
    async query(asked: SearchParams): Promise<SearchResult> {
      const params = { ...asked, limit: clamp(asked.limit, 0, MAX_LIMIT), offset: clamp(asked.offset, 0, MAX_OFFSET) };
      await whenLoaded(params.kinds);
      const parsed = parseQuery(params.q);
      const results: Partial<Record<SearchKind, KindResult>> = {};
      if (!parsed.words.length && !parsed.year) {
        for (const kind of params.kinds) results[kind] = { total: 0, hits: [] };
        return { results, best: null };
      }
      let best: Hit | null = null;
      const marked = params.language === 'sv' && params.offset + params.limit <= MARKS_WINDOW ? markedWords(params.q) : [];
      const exact = new Set<Hit>();
      for (const kind of params.kinds) {
        const kindIndex = index.of(kind);
        // A viewer restricted to some libraries gets only what they may see (scoped.ts); in Swedish, exact marks first.
        const window =
          (await visibleWindow(kindIndex, kind, parsed, params, visible)) ?? (marked.length ? kindIndex.search(parsed, 0, MARKS_WINDOW, params.userId) : null);
        const picked = window ? await marksFirst(window, marked, params, search.documents, exact) : null;
        const result = picked ?? kindIndex.search(parsed, params.offset, params.limit, params.userId);
        results[kind] = { total: result.total, hits: result.hits };
        const top = picked ? picked.first : params.offset === 0 ? result.hits[0] : kindIndex.search(parsed, 0, 1, params.userId).hits[0];
        const order = (a: Hit, b: Hit) =>
          Number(exact.has(b)) - Number(exact.has(a)) || b.score - a.score || BEST_KIND_ORDER[a.kind] - BEST_KIND_ORDER[b.kind] || compareHits(a, b);
        if (top && (!best || order(top, best) < 0)) best = top;
      }
      return { results, best };
    },

    /** The stored documents behind hits, keyed `kind:id` (for turning hits into API objects). */
    async documents(hits: readonly Hit[]): Promise<Map<string, SearchDocument>> {
      const found = new Map<string, SearchDocument>();
      const missing: Hit[] = [];
      for (const hit of hits) {
        const doc = cache.get(hit.kind, hit.id);
        if (doc) found.set(`${hit.kind}:${hit.id}`, doc);
        else missing.push(hit);
      }
      if (!missing.length) return found;
      const generation = cache.generation;
      const docs = await repo.byKeys(missing);
      cache.fill(docs, generation);
      for (const doc of docs) found.set(`${doc.kind}:${doc.id}`, doc);
      return found;
    },

    /** Resolves when events received so far have been applied (for tests and the CLI). */
    async settled(): Promise<void> {
      await ready;
      while (timer || queue.length) {
        if (timer) {
          clearTimeout(timer);
          flush();
        }
        await running;
      }
      await running;
    },

    /** Documents in memory and approximate bytes, per kind; how each kind was last loaded. */
    stats() {
      return { documents: Object.fromEntries([...index.kinds].map(([k, v]) => [k, v.size])), bytes: index.bytes(), loads: loads() };
    },

    close() {
      closing.abort();
      unsubscribe?.();
      if (timer) clearTimeout(timer);
    },
  };
  return search;
}

export type Search = ReturnType<typeof createSearch>;
