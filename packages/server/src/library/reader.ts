import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createArtworkStore, type ArtworkStore } from '../catalog/artwork.ts';
import type { ArtworkInput, TrackTags } from '../catalog/types.ts';
import { problem, type ScanProblem } from './issues.ts';
import { readAudioFile, UnreadableFile } from './read.ts';

export type ReadOutcome =
  { ok: true; contentHash: string; tags: TrackTags; embeddedImage: ArtworkInput | null; warnings: ScanProblem[] } | { ok: false; problem: ScanProblem };

export interface ReadRequest {
  id: number;
  path: string;
  size: number;
}

const stores = new Map<string, ArtworkStore>();

/** Reads one file and stores its embedded picture in the data folder; never throws. */
export async function readOne(dataDir: string, path: string, size: number): Promise<ReadOutcome> {
  try {
    const result = await readAudioFile(path, size);
    let embeddedImage: ArtworkInput | null = null;
    if (result.picture) {
      let store = stores.get(dataDir);
      if (!store) stores.set(dataDir, (store = createArtworkStore(dataDir)));
      const stored = await store.storeEmbedded(result.picture.data, result.picture.mime);
      if ('refused' in stored) result.warnings.push(problem('picture_not_image', JSON.stringify(result.picture.mime.slice(0, 60))));
      else embeddedImage = { id: stored.id, path: stored.path, mime: stored.mime, size: stored.size, width: null, height: null };
    }
    return { ok: true, contentHash: result.contentHash, tags: result.tags, embeddedImage, warnings: result.warnings };
  } catch (error) {
    if (error instanceof UnreadableFile) return { ok: false, problem: error.problem };
    return { ok: false, problem: problem('read_failed', (error as Error).message) };
  }
}

export interface ReaderOptions {
  dataDir: string;
  /** Worker threads; 0 reads in this thread (small batches, where starting threads costs more than it saves). */
  threads?: number;
  /** Files in flight per thread. */
  perThread?: number;
  /** A file that takes longer is given up on (its thread is replaced). */
  timeoutMs?: number;
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (outcome: ReadOutcome) => void; timer: NodeJS.Timeout }>;
}

/**
 * The read phase's engine: tag parsing spread over worker threads (one per core by
 * default) with several files in flight in each. A parser that hangs on a hostile file
 * costs that file only: its thread is terminated and replaced.
 */
export function createReader(options: ReaderOptions) {
  const threads = options.threads ?? Math.max(1, availableParallelism());
  const perThread = options.perThread ?? 16;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const slots: Slot[] = [];
  const waiting: { request: Omit<ReadRequest, 'id'>; resolve: (o: ReadOutcome) => void }[] = [];
  let nextId = 1;
  let inProcess = 0;
  let pumpQueued = false;

  function spawn(): Slot {
    // A small young generation makes each thread collect its per-file garbage early, instead of
    // growing toward V8's defaults: the scan's memory then stays well under 300 MB.
    const worker = new Worker(new URL('./reader-worker.ts', import.meta.url), {
      workerData: { dataDir: options.dataDir },
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 },
    });
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (results: { id: number; outcome: ReadOutcome }[]) => {
      for (const { id, outcome } of results) {
        const entry = slot.pending.get(id);
        if (!entry) continue;
        clearTimeout(entry.timer);
        slot.pending.delete(id);
        entry.resolve(outcome);
      }
      pump();
    });
    worker.on('error', () => replace(slot, problem('reader_crashed')));
    worker.unref();
    return slot;
  }

  function replace(slot: Slot, why: ScanProblem) {
    const index = slots.indexOf(slot);
    if (index < 0) return;
    for (const entry of slot.pending.values()) {
      clearTimeout(entry.timer);
      entry.resolve({ ok: false, problem: why });
    }
    slot.pending.clear();
    void slot.worker.terminate();
    slots[index] = spawn();
    pump();
  }

  function pump() {
    while (waiting.length) {
      if (threads === 0) {
        if (inProcess >= perThread) return;
        const job = waiting.shift()!;
        inProcess++;
        void readOne(options.dataDir, job.request.path, job.request.size).then((outcome) => {
          inProcess--;
          job.resolve(outcome);
          pump();
        });
        continue;
      }
      while (slots.length < threads) slots.push(spawn());
      const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      if (slot.pending.size >= perThread) return;
      // One message per thread carries every file it has room for: a message costs more than a small file's read.
      const requests: ReadRequest[] = [];
      while (waiting.length && slot.pending.size < perThread) {
        const job = waiting.shift()!;
        const id = nextId++;
        const timer = setTimeout(() => replace(slot, problem('read_timeout', `${timeoutMs / 1000} s`)), timeoutMs);
        slot.pending.set(id, { resolve: job.resolve, timer });
        requests.push({ id, ...job.request });
      }
      slot.worker.postMessage(requests);
    }
  }

  return {
    threads,
    /** Starts the threads now (a thread takes a few hundred ms to boot), before there is anything to read. */
    start() {
      while (slots.length < threads) slots.push(spawn());
    },
    /** Files it reads at once. */
    capacity: Math.max(1, threads) * perThread,
    /** Reads a file; resolves with its tags or the reason it could not be read. */
    read(path: string, size: number): Promise<ReadOutcome> {
      return new Promise((resolve) => {
        waiting.push({ request: { path, size }, resolve });
        // Handed out once the caller's current burst of reads is queued, so they travel together.
        if (!pumpQueued) {
          pumpQueued = true;
          queueMicrotask(() => {
            pumpQueued = false;
            pump();
          });
        }
      });
    },
    async close() {
      await Promise.all(slots.map((s) => s.worker.terminate()));
      slots.length = 0;
    },
  };
}

export type Reader = ReturnType<typeof createReader>;
