import type { ScanCounts } from '@runnel/api';
import type { Catalog } from '../catalog/service.ts';
import { createReader, type Reader } from './reader.ts';
import type { IssueRow, LibraryRepository } from './repository.ts';
import type { ScanOptions } from './scanner.ts';
import { walk, type WalkedFile } from './walk.ts';

/** A file the walk handed to the read phase. */
export type FileToRead = WalkedFile & { folderId: string };

/** What the walk found so far; the read phase takes from `toRead` while the walk goes on. */
export interface Walking {
  toRead: FileToRead[];
  /** Known paths not found on disk (and files that turned unreadable): removed unless a moved file claims them. */
  vanished: Set<string>;
  /** Every path the walk saw. */
  seenPaths: Set<string>;
  /** Cover files by directory, and every directory walked (the artwork phase looks only elsewhere). */
  covers: Map<string, string>;
  walkedDirs: Set<string>;
  issueRows: IssueRow[];
  /** Whether the walk is over. */
  finished(): boolean;
  /** Settles when the walk is over; rejects with its failure. */
  done: Promise<void>;
  /** Settles when the walk found more files, or finished. */
  moreToRead(): Promise<void>;
  /** The reader threads (started during the walk when a big read is coming). */
  readerFor(threads: number | undefined): Reader;
}

/**
 * The walk phase: every target's files, diffed against the catalogue's files and known bad
 * files. Unchanged files (quick scan) are counted and skipped; new and changed ones go to
 * `toRead` as they are found, so reading starts during the walk.
 */
export function startWalk(
  deps: { catalog: Catalog; issues: LibraryRepository; dataDir: string; now: () => number },
  options: ScanOptions,
  counts: ScanCounts,
): Walking {
  const { catalog, issues } = deps;
  const found: Omit<Walking, 'finished' | 'done' | 'moreToRead' | 'readerFor'> = {
    toRead: [],
    vanished: new Set(),
    seenPaths: new Set(),
    covers: new Map(),
    walkedDirs: new Set(),
    issueRows: [],
  };
  let finished = false;
  /** Readers waiting for the walk to find more files (or to finish). */
  let waiters: (() => void)[] = [];
  const wakeReaders = () => {
    for (const wake of waiters) wake();
    waiters = [];
  };
  let started: Reader | null = null;
  const readerFor = (threads: number | undefined) => (started ??= createReader({ dataDir: deps.dataDir, threads }));

  const done = (async () => {
    for (const target of options.targets) {
      const known = new Map((await catalog.knownFiles(target.folderId, target.partial ? target.roots : undefined)).map((f) => [f.path, f]));
      const knownBad = new Map((await issues.knownBad(target.folderId)).map((r) => [r.path, r]));
      // A first or full scan of a whole folder will read many files: boot the threads during the walk.
      if (!target.partial && options.threads !== 0 && (options.kind === 'full' || known.size === 0)) readerFor(undefined).start();
      const walked = await walk(target.roots, (file) => {
        found.seenPaths.add(file.path);
        counts.walked++;
        const before = known.get(file.path);
        known.delete(file.path);
        const bad = knownBad.get(file.path);
        const same = (f: { size: number; mtimeMs: number } | undefined) => f && f.size === file.size && f.mtimeMs === file.mtimeMs;
        if (options.kind === 'quick' && (same(before) || same(bad && { size: Number(bad.size), mtimeMs: Number(bad.mtime_ms) }))) {
          counts.unchanged++;
          if (bad && !before) counts.failed++;
          return;
        }
        found.toRead.push({ ...file, folderId: target.folderId });
        if (found.toRead.length % 16 === 0) wakeReaders();
      });
      for (const [dir, cover] of walked.covers) found.covers.set(dir, cover);
      for (const dir of walked.dirs) found.walkedDirs.add(dir);
      for (const path of known.keys()) found.vanished.add(path);
      const at = deps.now();
      for (const issue of walked.issues) found.issueRows.push({ ...issue, folder_id: target.folderId, severity: 'skipped', size: 0, mtime_ms: 0, at });
      counts.failed += walked.issues.length;
    }
  })().finally(() => {
    finished = true;
    wakeReaders();
  });
  done.catch(() => {}); // its failure is thrown where it is awaited

  return {
    ...found,
    finished: () => finished,
    done,
    moreToRead: () => new Promise<void>((resolve) => waiters.push(resolve)),
    readerFor,
  };
}
