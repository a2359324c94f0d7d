import { sep } from 'node:path';

/** One directory of a music folder as the catalogue knows it (only directories that hold tracks, at any depth). */
export interface Directory {
  /** Path inside the music folder with `/` separators; `''` is the folder itself. */
  path: string;
  /** Names of the sub-directories, in name order. */
  directories: string[];
  /** Tracks whose files are directly in this directory, in file-name order. */
  trackIds: string[];
  /** An album with artwork among the tracks here or below (the first one found), to show as the directory's picture. */
  coverAlbumId: string | null;
}

/** A music folder's directories by path, and when any of its tracks last changed (ms). */
export interface DirectoryTree {
  directories: Map<string, Directory>;
  lastModified: number;
}

export interface TreeRow {
  id: string;
  path: string;
  album_id: string;
  album_has_image: boolean;
  changed_at: number;
  removed: boolean;
}

const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);

/**
 * The directory tree of a music folder, built from the paths of its tracks (the filesystem
 * itself is never listed, so a directory without music does not exist here). Removed tracks
 * count only towards `lastModified`.
 */
export function buildDirectoryTree(root: string, rows: TreeRow[]): DirectoryTree {
  const prefix = root.endsWith(sep) ? root : root + sep;
  const directories = new Map<string, Directory>();
  const files = new Map<string, { name: string; id: string; cover: string | null }[]>();
  const ensure = (path: string): Directory => {
    let dir = directories.get(path);
    if (!dir) {
      dir = { path, directories: [], trackIds: [], coverAlbumId: null };
      directories.set(path, dir);
      files.set(path, []);
      if (path !== '') {
        const cut = path.lastIndexOf('/');
        ensure(cut === -1 ? '' : path.slice(0, cut)).directories.push(cut === -1 ? path : path.slice(cut + 1));
      }
    }
    return dir;
  };
  let lastModified = 0;
  ensure('');
  for (const row of rows) {
    lastModified = Math.max(lastModified, row.changed_at);
    if (row.removed || !row.path.startsWith(prefix)) continue;
    const inside = row.path.slice(prefix.length).split(sep);
    const name = inside.pop()!;
    files.get(ensure(inside.join('/')).path)!.push({ name, id: row.id, cover: row.album_has_image ? row.album_id : null });
  }
  // Deepest first, so each directory's cover can fall back on its sub-directories'.
  const ordered = [...directories.values()].sort((a, b) => b.path.split('/').length - a.path.split('/').length);
  for (const dir of ordered) {
    const here = files.get(dir.path)!.sort((a, b) => byName(a.name, b.name));
    dir.directories.sort(byName);
    dir.trackIds = here.map((f) => f.id);
    const join = (name: string) => (dir.path === '' ? name : `${dir.path}/${name}`);
    dir.coverAlbumId = here.find((f) => f.cover)?.cover ?? dir.directories.map((d) => directories.get(join(d))?.coverAlbumId).find((c) => c) ?? null;
  }
  return { directories, lastModified };
}
