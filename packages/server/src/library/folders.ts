import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { badRequest, conflict } from '../errors.ts';

/** Folders that are never music folders themselves (a whole system or everyone's homes). */
const SYSTEM_FOLDERS = [
  '/',
  '/bin',
  '/sbin',
  '/lib',
  '/lib64',
  '/usr',
  '/var',
  '/opt',
  '/srv',
  '/home',
  '/root',
  '/tmp',
  '/Users',
  '/System',
  '/Library',
  '/private',
];
/** Trees no music folder may be in: the kernel's views and the system's configuration. */
const SYSTEM_TREES = ['/proc', '/sys', '/dev', '/etc', '/boot', '/run', '/private/etc'];

/** True when `inner` is `outer` or lies somewhere under it (also for `/`). */
export function within(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** The directory a path really names (symlinks followed); the path itself when it can't be read now. */
export const realFolder = (path: string) => realpath(path).catch(() => resolve(path));

/**
 * Checks a folder to be added against the system, the data folder and the music folders
 * there are, by the directory each path really names, so an alias (a symlink, a bind path)
 * of a folder counts as that folder. Returns the absolute path as given.
 */
export async function checkNewFolder(path: string, context: { existing: { path: string }[]; dataDir: string; demo: boolean }): Promise<string> {
  const absolute = resolve(path);
  const s = await stat(absolute).catch(() => null);
  if (!s?.isDirectory()) throw badRequest(`${absolute} is not a directory Runnel can read`, 'not_a_directory');
  const real = await realpath(absolute);
  const shown = real === absolute ? absolute : `${absolute} (${real})`;
  if (SYSTEM_FOLDERS.includes(real) || SYSTEM_TREES.some((tree) => within(real, tree))) {
    throw badRequest(`${shown} is a system folder, not a music folder`, 'system_folder');
  }
  const data = await realFolder(context.dataDir);
  // The demo library lives in the data folder; nothing else may overlap it either way.
  if (!context.demo && (within(real, data) || within(data, real))) {
    throw badRequest(`${shown} overlaps Runnel's data folder ${context.dataDir}`, 'data_folder');
  }
  for (const folder of context.existing) {
    const other = await realFolder(folder.path);
    if (other === real) throw conflict(`${shown} is the music folder ${folder.path} already`, 'folder_exists');
    if (within(real, other) || within(other, real)) throw conflict(`${shown} overlaps the music folder ${folder.path}`, 'folder_overlaps');
  }
  return absolute;
}
