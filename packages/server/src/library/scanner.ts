import { stat } from 'node:fs/promises';
import type { ScanCounts } from '@runnel/api';
import type { Catalog } from '../catalog/service.ts';
import type { Db } from '../db/database.ts';
import { artworkPhase } from './phase-artwork.ts';
import { readPhase } from './phase-read.ts';
import { createReconcilePhase } from './phase-reconcile.ts';
import { startWalk } from './phase-walk.ts';
import { createLibraryRepository, type IssueRow, type LibraryRepository } from './repository.ts';

export type Phase = 'walk' | 'read' | 'reconcile' | 'artwork';

export interface ScanTarget {
  folderId: string;
  /** Whole folder: [folder path]. A watcher's partial scan: the changed paths inside it. */
  roots: string[];
  /** Partial scans only look at (and only remove) known files under `roots`. */
  partial: boolean;
}

export interface ScanOptions {
  targets: ScanTarget[];
  /** quick: unchanged size+mtime means unchanged file; full: read every file again. */
  kind: 'quick' | 'full';
  /** Worker threads for the read phase (default: one per core; 0 for tiny batches). */
  threads?: number;
  onProgress?: (progress: { phase: Phase; done: number; total: number; counts: ScanCounts }) => void;
  /** Stops the scan between files (server shutdown); what was reconciled stays, nothing is removed. */
  signal?: AbortSignal;
}

export interface ScanDeps {
  db: Db;
  catalog: Catalog;
  dataDir: string;
  /** The time now (ms since the epoch), for the issues found. */
  now: () => number;
}

export const emptyCounts = (): ScanCounts => ({ walked: 0, unchanged: 0, tags_read: 0, added: 0, updated: 0, moved: 0, removed: 0, failed: 0 });

/**
 * One scan, as four named phases (see README.md): walk (phase-walk.ts) → read
 * (phase-read.ts) → reconcile (phase-reconcile.ts) → artwork (phase-artwork.ts).
 * Read and reconcile overlap: parsed files are reconciled in batches while the threads
 * keep parsing. Vanished paths are collected over every target first, so a file moved
 * from one music folder to another is recognised by its content and keeps its id.
 */
export async function runScan(deps: ScanDeps, options: ScanOptions): Promise<ScanCounts> {
  const { catalog } = deps;
  const issues = createLibraryRepository(deps.db);
  const counts = emptyCounts();
  const report = (phase: Phase, done: number, total: number) => options.onProgress?.({ phase, done, total, counts: { ...counts } });

  report('walk', 0, 0);
  const walking = startWalk({ catalog, issues, dataDir: deps.dataDir, now: deps.now }, options, counts);
  // A handful of changed files (a watcher's partial scan) is read in this thread: starting
  // reader threads would cost more than it saves. So wait for 16 files, or the walk's end.
  while (!walking.finished() && walking.toRead.length < 16) await walking.moreToRead();

  const reader = walking.readerFor(options.threads ?? (walking.finished() && walking.toRead.length < 16 ? 0 : undefined));
  const reconcile = createReconcilePhase({ catalog, issues }, walking, counts);
  try {
    const read = await readPhase({
      reader,
      walking,
      reconcile,
      counts,
      now: deps.now,
      signal: options.signal,
      progress: (done, total) => report('read', done, total),
    });
    await walking.done;
    report('walk', counts.walked, counts.walked);
    report('reconcile', read, walking.toRead.length);
    await reconcile.finish();
  } finally {
    await reader.close();
  }

  if (options.signal?.aborted) return counts;
  await reconcile.removeVanished();
  const { vanished, seenPaths, issueRows } = walking;
  await recordIssues(
    issues,
    issueRows,
    [...vanished].filter((p) => !seenPaths.has(p)),
    options.targets,
  );

  const albums = [...reconcile.touchedAlbums];
  report('artwork', 0, albums.length);
  const coverIssues = await artworkPhase(catalog, albums, walking.covers, walking.walkedDirs, deps.now);
  if (coverIssues.refused.length) await recordIssues(issues, coverIssues.refused, [], []);
  // A cover file that was refused before and is a picture now has no issue any more.
  await issues.forget(coverIssues.accepted);
  report('artwork', albums.length, albums.length);
  return counts;
}

/** Records this scan's issues, and forgets those of files that are gone. */
async function recordIssues(issues: LibraryRepository, rows: IssueRow[], gone: string[], targets: ScanTarget[]) {
  await issues.forget(gone);
  // A whole-folder scan drops issues of files that are no longer there.
  for (const target of targets.filter((t) => !t.partial)) {
    const missing: string[] = [];
    await Promise.all(
      (await issues.issuePaths(target.folderId)).map(async (path) => {
        try {
          await stat(path);
        } catch {
          missing.push(path);
        }
      }),
    );
    await issues.forget(missing);
  }
  await issues.record(rows);
}
