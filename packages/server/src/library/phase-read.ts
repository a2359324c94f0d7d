import type { ScanCounts } from '@runnel/api';
import type { ReconcilePhase } from './phase-reconcile.ts';
import type { FileToRead, Walking } from './phase-walk.ts';
import type { Reader } from './reader.ts';

/**
 * The read phase: tags, embedded picture and content hash of every file the walk handed
 * over, by the reader threads (reader.ts, read.ts). Files are handed to the reader a window
 * at a time (not all at once), and reading waits while a full batch waits for reconcile.
 * A file that cannot be read is an issue, never the end of the scan. Returns how many files
 * were read.
 */
export async function readPhase({
  reader,
  walking,
  reconcile,
  counts,
  now,
  signal,
  progress,
}: {
  reader: Reader;
  now: () => number;
  walking: Walking;
  reconcile: ReconcilePhase;
  counts: ScanCounts;
  signal?: AbortSignal;
  progress: (done: number, total: number) => void;
}): Promise<number> {
  const { toRead, issueRows } = walking;
  let done = 0;
  let next = 0;
  const readOne = async (file: FileToRead) => {
    const outcome = await reader.read(file.path, file.size);
    done++;
    if (outcome.ok) {
      counts.tags_read++;
      for (const warning of outcome.warnings)
        issueRows.push({ path: file.path, folder_id: file.folderId, ...warning, severity: 'warning', size: file.size, mtime_ms: file.mtimeMs, at: now() });
      reconcile.add({
        path: file.path,
        folderId: file.folderId,
        size: file.size,
        mtimeMs: file.mtimeMs,
        contentHash: outcome.contentHash,
        tags: outcome.tags,
        embeddedImage: outcome.embeddedImage,
      });
    } else {
      counts.failed++;
      issueRows.push({
        path: file.path,
        folder_id: file.folderId,
        ...outcome.problem,
        severity: 'skipped',
        size: file.size,
        mtime_ms: file.mtimeMs,
        at: now(),
      });
      // A file that turned bad (say, truncated) is no longer a playable track.
      walking.vanished.add(file.path);
    }
    if (done % 50 === 0 || (walking.finished() && done === toRead.length)) progress(done, toRead.length);
  };
  const window = Math.max(32, reader.capacity * 2);
  await Promise.all(
    Array.from({ length: window }, async () => {
      while (!signal?.aborted) {
        if (next >= toRead.length) {
          if (walking.finished()) break;
          await walking.moreToRead();
          continue;
        }
        // Waiting for room lets other lanes run: look again afterwards.
        if (reconcile.backlogged()) {
          await reconcile.room();
          continue;
        }
        await readOne(toRead[next++]!);
      }
    }),
  );
  return done;
}
