import { readdir, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { statSync, type Dirent } from 'node:fs';
import { extname, join } from 'node:path';
import { filesystemProblem, problem, type ScanProblem } from './issues.ts';

/** Extensions the scanner reads; anything else in a music folder is ignored. */
export const AUDIO_EXTENSIONS = new Set([
  'mp3',
  'flac',
  'ogg',
  'oga',
  'opus',
  'm4a',
  'm4b',
  'mp4',
  'aac',
  'alac',
  'wav',
  'aif',
  'aiff',
  'aifc',
  'wv',
  'ape',
  'mpc',
  'wma',
  'dsf',
]);
/** Folder pictures, in order of preference. */
export const COVER_FILE = /^(cover|folder|front)\.(jpe?g|png|webp)$/i;

export interface WalkedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface WalkIssue extends ScanProblem {
  path: string;
}

export interface WalkResult {
  files: WalkedFile[];
  /** Directory → its cover picture file, if it has one. */
  covers: Map<string, string>;
  /** Every directory whose entries were read (one missing from `covers` has no cover file). */
  dirs: Set<string>;
  issues: WalkIssue[];
}

export const isAudio = (name: string) => AUDIO_EXTENSIONS.has(extname(name).slice(1).toLowerCase());

/** A directory entry, and its name as text (`null` when the name is not valid UTF-8). */
interface NamedEntry {
  entry: Dirent<string> | Dirent<Buffer>;
  name: string | null;
}

/**
 * A directory's entries with their names as text, `null` for a name that is not valid UTF-8
 * (it would not survive a round trip, so cannot be stored or served faithfully). Names are
 * read as text; only a directory where one decodes with a replacement character (an invalid
 * byte, or a real U+FFFD) is read again as bytes to tell which.
 */
async function namedEntries(dir: string): Promise<NamedEntry[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  if (!entries.some((e) => e.name.includes('\uFFFD'))) return entries.map((entry) => ({ entry, name: entry.name }));
  const raw = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  return raw.map((entry) => ({ entry, name: isUtf8(entry.name) ? entry.name.toString('utf8') : null }));
}

function coverRank(name: string): number {
  return ['cover', 'folder', 'front'].indexOf(name.toLowerCase().replace(/\..*$/, ''));
}

/**
 * The walk phase: every audio file under `roots` (each a directory or a single file) with
 * its size and mtime. Follows symbolic links but never enters a directory twice (so a
 * symlink loop ends, and is reported), skips names that are not valid UTF-8, and reports
 * what it could not read instead of failing. With `onFile`, each file is handed over as it
 * is found (so reading can start during the walk) instead of being listed in `files`.
 */
export async function walk(roots: string[], onFile?: (file: WalkedFile) => void): Promise<WalkResult> {
  const result: WalkResult = { files: [], covers: new Map(), dirs: new Set(), issues: [] };
  const found = onFile ?? ((file: WalkedFile) => result.files.push(file));
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  async function visitDir(dir: string, chain: Set<string>): Promise<void> {
    // A directory is known by its device and inode (one stat, where realpath costs one per path component).
    let real: string;
    try {
      const s = await stat(dir);
      real = `${s.dev}:${s.ino}`;
    } catch (error) {
      result.issues.push({ path: dir, ...filesystemProblem(error) });
      return;
    }
    if (chain.has(real)) {
      result.issues.push({ path: dir, ...problem('folder_loop') });
      return;
    }
    if (seenDirs.has(real)) return; // reached twice through links: count its files once
    seenDirs.add(real);
    let entries: NamedEntry[];
    try {
      entries = await namedEntries(dir);
    } catch (error) {
      result.issues.push({ path: dir, ...filesystemProblem(error) });
      return;
    }
    result.dirs.add(dir);
    const inner = new Set(chain).add(real);
    const subdirs: string[] = [];
    for (const { name, entry } of entries) {
      if (name === null) {
        result.issues.push({ path: join(dir, entry.name.toString('utf8')), ...problem('name_not_utf8') });
        continue;
      }
      const path = join(dir, name);
      if (entry.isDirectory()) subdirs.push(path);
      else if (entry.isFile()) visitFile(path, name, dir);
      else if (entry.isSymbolicLink()) {
        try {
          const target = statSync(path);
          if (target.isDirectory()) subdirs.push(path);
          else if (target.isFile()) visitFile(path, name, dir);
        } catch (error) {
          if (isAudio(name) || (error as NodeJS.ErrnoException).code === 'ELOOP') result.issues.push({ path, ...filesystemProblem(error) });
        }
      } else if (isAudio(name)) result.issues.push({ path, ...problem('not_a_file') });
    }
    // Siblings in parallel: a walk is latency-bound (one realpath, readdir and stat after another).
    await Promise.all(subdirs.map((sub) => visitDir(sub, inner)));
  }

  function visitFile(path: string, name: string, dir: string): void {
    if (COVER_FILE.test(name)) {
      const current = result.covers.get(dir);
      if (!current || coverRank(name) < coverRank(current.slice(dir.length + 1))) result.covers.set(dir, path);
      return;
    }
    if (!isAudio(name)) return;
    try {
      // statSync: a promise per file costs several times the system call itself, and a walk
      // is mostly stats. The event loop still turns between directories.
      const s = statSync(path);
      if (!s.isFile()) {
        result.issues.push({ path, ...problem('not_a_file') });
        return;
      }
      if (seenFiles.has(path)) return;
      seenFiles.add(path);
      found({ path, size: s.size, mtimeMs: Math.floor(s.mtimeMs) });
    } catch (error) {
      result.issues.push({ path, ...filesystemProblem(error) });
    }
  }

  for (const root of roots) {
    let s;
    try {
      s = await stat(root);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') result.issues.push({ path: root, ...filesystemProblem(error) });
      continue; // a vanished path is not an error: its tracks are removed
    }
    if (s.isDirectory()) await visitDir(root, new Set());
    else if (s.isFile() && isAudio(root) && !seenFiles.has(root)) {
      seenFiles.add(root);
      found({ path: root, size: s.size, mtimeMs: Math.floor(s.mtimeMs) });
    } else if (s.isFile() && COVER_FILE.test(root.slice(root.lastIndexOf('/') + 1))) result.covers.set(root.slice(0, root.lastIndexOf('/')), root);
  }
  return result;
}
