import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { BusEvent, EventBus } from '../events/bus.ts';
import { SEARCH_KINDS, type DocumentSource, type SearchDocument, type SearchKind } from './documents.ts';
import { DocumentCache } from './document-cache.ts';
import { compareHits, MemoryIndex, type Hit, type KindResult } from './memory-index.ts';
import { parseQuery } from './query-parser.ts';
import { createSearchRepository } from './repository.ts';
import { buildSegment } from './segment-build.ts';
import { readSegmentFile, writeSegmentFile } from './segment-file.ts';

export interface SearchDeps {
  db: Db;
  events: EventBus;
  /** Where documents come from when an event names changed ids, and for `reindex`. */
  sources?: DocumentSource[];
  now?: () => number;
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
}

export interface SearchParams {
  q: string;
  kinds: readonly SearchKind[];
  limit: number;
  offset: number;
  /** The searching user: items with a restricted audience are found only by their audience. */
  userId?: string;
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

type Task = { action: 'refresh' | 'reload' | 'remove'; kind: SearchKind; ids: string[] };

/**
 * The search module. The index lives in memory (see memory-index.ts) and is rebuilt from
 * `search_documents` at start; every change is written to that table first, then applied
 * in memory, then announced as `search.changed` so other nodes reload those rows.
 */
export function createSearch({ db, events, sources = [], now = Date.now, onError = () => {}, readyWaitMs = 5_000, loadBatch = 2_000, indexDir }: SearchDeps) {
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

  /** The kind's rows in batches, reading the next batch while the current one is tokenised. */
  async function* loadAll(kind: SearchKind) {
    const batches = repo.all(kind, loadBatch)[Symbol.asyncIterator]();
    let next = batches.next();
    for (;;) {
      const { value, done } = await next;
      if (done) return;
      closing.signal.throwIfAborted();
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
    const options = { signal: closing.signal };
    let built: number | undefined;
    await index.of(kind).replaceBase(async () => {
      const generation = indexDir === undefined ? 0 : await repo.generation(kind);
      if (fromFile && indexDir !== undefined) {
        const saved = await readSegmentFile(fileOf(indexDir, kind), { kind, generation }, options).catch((error: unknown) => {
          if (!closing.signal.aborted) onError(error);
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
        .catch((error: unknown) => void (closing.signal.aborted || onError(error)));
    }
  }
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
    rebuildFromTable(kind).catch((error: unknown) => closing.signal.aborted || onError(error)).finally(() => rebuilding.delete(kind));
  }

  async function applyUpsert(docs: readonly SearchDocument[], announce: boolean) {
    if (!docs.length) return;
    await repo.upsert(docs, now());
    for (const kind of new Set(docs.map((d) => d.kind))) cache.forget(kind, docs.filter((d) => d.kind === kind).map((d) => d.id));
    index.upsert(docs);
    for (const kind of new Set(docs.map((d) => d.kind))) {
      maybeRebuild(kind);
      if (announce) await announceChange(kind, docs.filter((d) => d.kind === kind).map((d) => d.id));
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
    await applyRemove(kind, ids.filter((id) => !found.has(id)), true);
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

  function onEvent(event: BusEvent) {
    const data = (event.data ?? {}) as Record<string, unknown>;
    const ids = Array.isArray(data.ids) ? data.ids.filter((x): x is string => typeof x === 'string') : typeof data.id === 'string' ? [data.id] : [];
    const kind = SEARCH_KINDS.find((k) => k === data.kind);
    switch (event.type) {
      case 'catalog.changed':
        if (kind && ids.length) enqueue({ action: data.removed === true ? 'remove' : 'refresh', kind, ids });
        // The catalogue's own shape: { added, changed, removed } × { tracks, albums, artists }.
        for (const [group, action] of [['added', 'refresh'], ['changed', 'refresh'], ['removed', 'remove']] as const) {
          const lists = data[group] as Record<string, unknown> | undefined;
          for (const [plural, k] of [['tracks', 'track'], ['albums', 'album'], ['artists', 'artist']] as const) {
            const list = lists?.[plural];
            if (Array.isArray(list) && list.length) enqueue({ action, kind: k, ids: list.filter((x): x is string => typeof x === 'string') });
          }
        }
        break;
      case 'playlist.changed':
        if (ids.length) enqueue({ action: data.removed === true ? 'remove' : 'refresh', kind: 'playlist', ids });
        break;
      case 'user.updated':
        if (ids.length) enqueue({ action: 'refresh', kind: 'user', ids });
        break;
      case 'user.deleted':
        if (ids.length) enqueue({ action: 'remove', kind: 'user', ids });
        break;
      case 'search.changed':
        if (kind && data.node !== node && ids.length) enqueue({ action: 'reload', kind, ids });
        break;
    }
  }

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

  return {
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
    saved: () => saving,

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
      for (const kind of params.kinds) {
        const kindIndex = index.of(kind);
        const result = kindIndex.search(parsed, params.offset, params.limit, params.userId);
        results[kind] = result;
        const top = params.offset === 0 ? result.hits[0] : kindIndex.search(parsed, 0, 1, params.userId).hits[0];
        if (top && (!best || top.score > best.score || (top.score === best.score && (BEST_KIND_ORDER[top.kind] - BEST_KIND_ORDER[best.kind] || compareHits(top, best)) < 0))) best = top;
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

    /** Documents in memory and approximate bytes, per kind. */
    stats() {
      return { documents: Object.fromEntries([...index.kinds].map(([k, v]) => [k, v.size])), bytes: index.bytes() };
    },

    close() {
      closing.abort();
      unsubscribe?.();
      if (timer) clearTimeout(timer);
    },
  };
}

export type Search = ReturnType<typeof createSearch>;
