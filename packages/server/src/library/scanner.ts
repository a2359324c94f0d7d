import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ScanCounts } from '@runnel/api';
import { artworkId, MAX_PICTURE_BYTES } from '../catalog/artwork.ts';
import { sniffRaster } from '../catalog/raster.ts';
import type { Catalog } from '../catalog/service.ts';
import type { ArtworkInput, ScannedFile } from '../catalog/types.ts';
import type { Db } from '../db/database.ts';
import { createReader, type Reader } from './reader.ts';
import { COVER_FILE, walk, type WalkedFile } from './walk.ts';

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

/** Files reconciled per transaction: at least MIN_BATCH while files are being read, at most MAX_BATCH. */
const MIN_BATCH = 1000;
const MAX_BATCH = 2000;

export const emptyCounts = (): ScanCounts => ({ walked: 0, unchanged: 0, tags_read: 0, added: 0, updated: 0, moved: 0, removed: 0, failed: 0 });

/**
 * One scan, as four named phases (see README.md): walk → read → reconcile → artwork.
 * Read and reconcile overlap: parsed files are reconciled in batches while the threads
 * keep parsing. Vanished paths are collected over every target first, so a file moved
 * from one music folder to another is recognised by its content and keeps its id.
 */
export async function runScan(deps: ScanDeps, options: ScanOptions): Promise<ScanCounts> {
  const { db, catalog, now } = deps;
  const counts = emptyCounts();
  const report = (phase: Phase, done: number, total: number) => options.onProgress?.({ phase, done, total, counts: { ...counts } });

  // ---- walk (reading starts as soon as there is something to read) ----
  report('walk', 0, 0);
  const toRead: (WalkedFile & { folderId: string })[] = [];
  const vanished = new Set<string>();
  const covers = new Map<string, string>();
  const walkedDirs = new Set<string>();
  const issueRows: IssueRow[] = [];
  const seenPaths = new Set<string>();
  let walkDone = false;
  /** Readers waiting for the walk to find more files (or to finish). */
  let waiters: (() => void)[] = [];
  const wakeReaders = () => {
    for (const wake of waiters) wake();
    waiters = [];
  };
  let started: Reader | null = null;
  const readerFor = (threads: number | undefined) => (started ??= createReader({ dataDir: deps.dataDir, threads }));
  const walkPhase = (async () => {
    for (const target of options.targets) {
      const known = new Map((await catalog.knownFiles(target.folderId, target.partial ? target.roots : undefined)).map((f) => [f.path, f]));
      const issues = await db.selectFrom('library_issues').select(['path', 'size', 'mtime_ms']).where('folder_id', '=', target.folderId).execute();
      const knownBad = new Map(issues.map((r) => [r.path, r]));
      // A first or full scan of a whole folder will read many files: boot the threads during the walk.
      if (!target.partial && options.threads !== 0 && (options.kind === 'full' || known.size === 0)) readerFor(undefined).start();
      const walked = await walk(target.roots, (file) => {
        seenPaths.add(file.path);
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
        toRead.push({ ...file, folderId: target.folderId });
        if (toRead.length % 16 === 0) wakeReaders();
      });
      for (const [dir, cover] of walked.covers) covers.set(dir, cover);
      for (const dir of walked.dirs) walkedDirs.add(dir);
      for (const path of known.keys()) vanished.add(path);
      const at = now();
      for (const issue of walked.issues) issueRows.push({ path: issue.path, folder_id: target.folderId, reason: issue.reason, severity: 'skipped', size: 0, mtime_ms: 0, at });
      counts.failed += walked.issues.length;
    }
  })().finally(() => {
    walkDone = true;
    wakeReaders();
  });
  walkPhase.catch(() => {}); // its failure is thrown where it is awaited below
  const moreToRead = () => new Promise<void>((resolve) => waiters.push(resolve));
  // A handful of changed files (a watcher's partial scan) is read in this thread: starting
  // reader threads would cost more than it saves. So wait for 16 files, or the walk's end.
  while (!walkDone && toRead.length < 16) await moreToRead();

  // ---- read + reconcile (overlapped; reconcile waits for the walk: moves need every vanished path) ----
  const reader = readerFor(options.threads ?? (walkDone && toRead.length < 16 ? 0 : undefined));
  const touchedAlbums = new Set<string>();
  const pending: ScannedFile[] = [];
  // One transaction at a time; while it commits, the next batch gathers (up to MAX_BATCH).
  // Where commits are slow (each waits for an fsync) transactions get fewer and larger.
  let running: Promise<void> | null = null;
  let readingDone = false;
  const failures: unknown[] = [];
  const reconcileBatch = async (batch: ScannedFile[]) => {
    const result = await catalog.reconcile(batch, vanished);
    counts.added += result.counts.added;
    counts.updated += result.counts.updated;
    counts.moved += result.counts.moved;
    for (const album of result.albums) touchedAlbums.add(album);
    await db.deleteFrom('library_issues').where('path', 'in', batch.map((f) => f.path)).where('severity', '=', 'skipped').execute();
  };
  const startBatch = () => {
    if (running || failures.length || !walkDone || !pending.length || (!readingDone && pending.length < MIN_BATCH)) return;
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
  let done = 0;
  // Files are handed to the reader a window at a time (not all at once), and the reader waits
  // while a full batch is waiting for reconcile: memory stays flat however big the library.
  const window = Math.max(32, reader.capacity * 2);
  let next = 0;
  const readOne = async (file: (typeof toRead)[number]) => {
    const outcome = await reader.read(file.path, file.size);
    done++;
    if (outcome.ok) {
      counts.tags_read++;
      pending.push({ path: file.path, folderId: file.folderId, size: file.size, mtimeMs: file.mtimeMs, contentHash: outcome.contentHash, tags: outcome.tags, embeddedImage: outcome.embeddedImage });
      for (const warning of outcome.warnings) issueRows.push({ path: file.path, folder_id: file.folderId, reason: warning, severity: 'warning', size: file.size, mtime_ms: file.mtimeMs, at: now() });
      startBatch();
    } else {
      counts.failed++;
      issueRows.push({ path: file.path, folder_id: file.folderId, reason: outcome.reason, severity: 'skipped', size: file.size, mtime_ms: file.mtimeMs, at: now() });
      // A file that turned bad (say, truncated) is no longer a playable track.
      vanished.add(file.path);
    }
    if (done % 50 === 0 || (walkDone && done === toRead.length)) report('read', done, toRead.length);
  };
  try {
    await Promise.all(Array.from({ length: window }, async () => {
      while (!options.signal?.aborted) {
        if (next >= toRead.length) {
          if (walkDone) break;
          await moreToRead();
          continue;
        }
        while (pending.length >= MAX_BATCH && (running || !walkDone)) await (running ?? walkPhase);
        await readOne(toRead[next++]!);
      }
    }));
    await walkPhase;
    report('walk', counts.walked, counts.walked);
    readingDone = true;
    startBatch();
    report('reconcile', done, toRead.length);
    while (running) await running;
    if (failures.length) throw failures[0];
  } finally {
    await reader.close();
  }

  if (options.signal?.aborted) return counts;
  // Whatever vanished and was not claimed by a moved file is removed (its row kept for identity).
  if (vanished.size) {
    const removed = await catalog.remove([...vanished]);
    counts.removed += removed.counts.removed;
    for (const album of removed.albums) touchedAlbums.add(album);
  }
  await recordIssues(db, issueRows, [...vanished].filter((p) => !seenPaths.has(p)), options.targets);

  // ---- artwork ----
  report('artwork', 0, touchedAlbums.size);
  const coverIssues = await artworkPhase(catalog, [...touchedAlbums], covers, walkedDirs, now);
  if (coverIssues.refused.length) await recordIssues(db, coverIssues.refused, [], []);
  // A cover file that was refused before and is a picture now has no issue any more.
  for (let i = 0; i < coverIssues.accepted.length; i += 500) await db.deleteFrom('library_issues').where('path', 'in', coverIssues.accepted.slice(i, i + 500)).execute();
  report('artwork', touchedAlbums.size, touchedAlbums.size);
  return counts;
}

type IssueRow = { path: string; folder_id: string; reason: string; severity: 'skipped' | 'warning'; size: number; mtime_ms: number; at: number };

async function recordIssues(db: Db, rows: IssueRow[], gone: string[], targets: ScanTarget[]) {
  for (let i = 0; i < gone.length; i += 500) await db.deleteFrom('library_issues').where('path', 'in', gone.slice(i, i + 500)).execute();
  // A whole-folder scan drops issues of files that are no longer there.
  for (const target of targets.filter((t) => !t.partial)) {
    const stillThere = await db.selectFrom('library_issues').select('path').where('folder_id', '=', target.folderId).execute();
    const missing: string[] = [];
    await Promise.all(stillThere.map(async (r) => {
      try {
        await stat(r.path);
      } catch {
        missing.push(r.path);
      }
    }));
    for (let i = 0; i < missing.length; i += 500) await db.deleteFrom('library_issues').where('path', 'in', missing.slice(i, i + 500)).execute();
  }
  for (let i = 0; i < rows.length; i += 200) {
    await db.insertInto('library_issues').values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.column('path').doUpdateSet((eb) => ({
        reason: eb.ref('excluded.reason'), severity: eb.ref('excluded.severity'), size: eb.ref('excluded.size'), mtime_ms: eb.ref('excluded.mtime_ms'), at: eb.ref('excluded.at'),
      }))).execute();
  }
}

/**
 * The artwork phase: an album without an embedded picture gets the cover file
 * (cover|folder|front.jpg|png|webp) of the folder its first track is in. The file is
 * served from where it is; Runnel never copies into or writes to a music folder. A cover
 * file whose bytes are not a raster picture (an SVG or HTML page named cover.jpg) is
 * refused and reported, like an embedded one.
 */
async function artworkPhase(catalog: Catalog, albumIds: string[], covers: Map<string, string>, walkedDirs: Set<string>, now: () => number) {
  const hashed = new Map<string, ArtworkInput | IssueRow | null>();
  for (let i = 0; i < albumIds.length; i += 500) {
    const updates: { albumId: string; image: ArtworkInput }[] = [];
    for (const target of await catalog.artworkTargets(albumIds.slice(i, i + 500))) {
      if (target.embeddedImageId) continue;
      const dir = dirname(target.firstTrackPath);
      // A directory this scan walked is in `covers` if it has a cover file; others are looked at.
      const cover = covers.get(dir) ?? (walkedDirs.has(dir) ? null : await findCover(dir));
      if (!cover) continue;
      if (!hashed.has(cover)) hashed.set(cover, await coverArtwork(cover, target.folderId, now));
      const image = hashed.get(cover);
      if (image && 'id' in image) updates.push({ albumId: target.albumId, image });
    }
    await catalog.setAlbumImages(updates);
  }
  const outcomes = [...hashed.entries()];
  return {
    accepted: outcomes.filter(([, o]) => o && 'id' in o).map(([path]) => path),
    refused: outcomes.map(([, o]) => o).filter((o): o is IssueRow => !!o && 'reason' in o),
  };
}

async function coverArtwork(path: string, folderId: string, now: () => number): Promise<ArtworkInput | IssueRow | null> {
  try {
    const s = await stat(path);
    if (s.size > MAX_PICTURE_BYTES || s.size === 0) return null;
    const bytes = await readFile(path);
    const mime = sniffRaster(bytes);
    if (!mime) return { path, folder_id: folderId, reason: 'cover file is not a JPEG, PNG, GIF or WebP image, ignored', severity: 'warning', size: s.size, mtime_ms: Math.floor(s.mtimeMs), at: now() };
    return { id: artworkId(bytes), path, mime, size: bytes.length, width: null, height: null };
  } catch {
    return null; // an unreadable cover is not worth failing the scan for
  }
}

async function findCover(dir: string): Promise<string | null> {
  try {
    const names = (await readdir(dir)).filter((n) => COVER_FILE.test(n)).sort();
    const best = ['cover', 'folder', 'front'].map((stem) => names.find((n) => n.toLowerCase().startsWith(`${stem}.`))).find(Boolean);
    return best ? join(dir, best) : null;
  } catch {
    return null;
  }
}
