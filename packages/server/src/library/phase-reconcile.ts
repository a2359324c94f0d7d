import type { ScanCounts } from '@runnel/api';
import type { Catalog } from '../catalog/service.ts';
import type { ScannedFile } from '../catalog/types.ts';
import type { LibraryRepository } from './repository.ts';
import type { Walking } from './phase-walk.ts';

/** Files reconciled per transaction: at least MIN_BATCH while files are being read, at most MAX_BATCH. */
const MIN_BATCH = 1000;
const MAX_BATCH = 2000;

/**
 * The reconcile phase: read files go to catalog.reconcile in batches, one transaction at a
 * time; while it commits, the next batch gathers (up to MAX_BATCH). Where commits are slow
 * (each waits for an fsync) transactions get fewer and larger. Nothing is reconciled before
 * the walk is over: a move needs every vanished path.
 */
export function createReconcilePhase(deps: { catalog: Catalog; issues: LibraryRepository }, walking: Walking, counts: ScanCounts) {
  const { catalog, issues } = deps;
  /** Albums whose tracks changed: the artwork phase looks at them. */
  const touchedAlbums = new Set<string>();
  const pending: ScannedFile[] = [];
  let running: Promise<void> | null = null;
  let readingDone = false;
  const failures: unknown[] = [];

  const reconcileBatch = async (batch: ScannedFile[]) => {
    const result = await catalog.reconcile(batch, walking.vanished);
    counts.added += result.counts.added;
    counts.updated += result.counts.updated;
    counts.moved += result.counts.moved;
    for (const album of result.albums) touchedAlbums.add(album);
    await issues.forget(
      batch.map((f) => f.path),
      'skipped',
    );
  };
  const startBatch = () => {
    if (running || failures.length || !walking.finished() || !pending.length || (!readingDone && pending.length < MIN_BATCH)) return;
    const batch = pending.splice(0, MAX_BATCH);
    running = reconcileBatch(batch)
      .catch((error: unknown) => {
        failures.push(error);
      })
      .finally(() => {
        running = null;
        startBatch();
      });
  };

  return {
    touchedAlbums,
    /** Takes a read file; a batch starts when there are enough. */
    add(file: ScannedFile) {
      pending.push(file);
      startBatch();
    },
    /** Whether a full batch is waiting for the running one (or for the walk to end): reading should wait (`room`). */
    backlogged: () => pending.length >= MAX_BATCH && (running !== null || !walking.finished()),
    /**
     * Settles when the read phase may hand over more: at once unless a full batch is waiting
     * (then when the running batch, or the walk, is over). Memory stays flat however big the library.
     */
    async room() {
      while (pending.length >= MAX_BATCH && (running || !walking.finished())) await (running ?? walking.done);
    },
    /** Reconciles what is left once reading is over; throws the first batch's failure. */
    async finish() {
      readingDone = true;
      startBatch();
      while (running) await running;
      if (failures.length) throw failures[0];
    },
    /** Whatever vanished and was not claimed by a moved file is removed (its row kept for identity). */
    async removeVanished() {
      if (!walking.vanished.size) return;
      const removed = await catalog.remove([...walking.vanished]);
      counts.removed += removed.counts.removed;
      for (const album of removed.albums) touchedAlbums.add(album);
    },
  };
}

export type ReconcilePhase = ReturnType<typeof createReconcilePhase>;
