import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * Makes the data folder (and any missing parents) with mode 0700, and takes group and other
 * access away from an existing one we own: it holds the database, keys and caches.
 */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  tighten(path, 0o700);
}

/**
 * Creates the file if missing with mode 0600, and makes an existing one (and these
 * companions, when present: SQLite's `-wal` and `-shm`) 0600 too.
 */
export function ensurePrivateFile(path: string, companions: string[] = []): void {
  closeSync(openSync(path, 'a', 0o600));
  tighten(path, 0o600);
  for (const other of companions) if (existsSync(other)) tighten(other, 0o600);
}

function tighten(path: string, mode: number): void {
  if ((statSync(path).mode & 0o077) === 0) return;
  try {
    chmodSync(path, mode);
  } catch (error) {
    // Someone else's folder (a mount, a shared volume): their permissions are theirs to set.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  }
}
