import type { Db } from '../db/database.ts';
import type { ViewerScope } from '../viewer-scope.ts';

/** Every grant at once, small enough to keep in memory: what each scope is worked out from. */
export interface Grants {
  /** Every music folder there is. */
  folders: string[];
  /** Folders in at least one library → the libraries holding them. Folders not here are everyone's. */
  restricted: Map<string, Set<string>>;
  /** User → the libraries granted to them. */
  members: Map<string, Set<string>>;
}

/** Reads the grants (three small queries); folders of removed music folders are left out. */
export async function loadGrants(db: Db, folderIds: () => Promise<string[]>): Promise<Grants> {
  const [folders, held, members] = await Promise.all([
    folderIds(),
    db.selectFrom('libraries_folders').selectAll().execute(),
    db.selectFrom('libraries_members').selectAll().execute(),
  ]);
  const existing = new Set(folders);
  const restricted = new Map<string, Set<string>>();
  for (const row of held) if (existing.has(row.folder_id)) restricted.set(row.folder_id, (restricted.get(row.folder_id) ?? new Set()).add(row.library_id));
  const byUser = new Map<string, Set<string>>();
  for (const row of members) byUser.set(row.user_id, (byUser.get(row.user_id) ?? new Set()).add(row.library_id));
  return { folders, restricted, members: byUser };
}

/**
 * The folders a user may reach: every folder in no library, and the folders of the libraries
 * granted to them. Administrators, and anyone who reaches every folder, get undefined (no
 * filter at all: the common case costs nothing).
 */
export function computeScope(grants: Grants, viewer: { id: string; role: 'admin' | 'user' }): ViewerScope | undefined {
  if (viewer.role === 'admin' || grants.restricted.size === 0) return undefined;
  const mine = grants.members.get(viewer.id) ?? new Set<string>();
  const folders = grants.folders.filter((folder) => {
    const holders = grants.restricted.get(folder);
    return !holders || [...holders].some((library) => mine.has(library));
  });
  return folders.length === grants.folders.length ? undefined : { userId: viewer.id, folders };
}
