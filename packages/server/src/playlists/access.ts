import { forbidden, notFound } from '../errors.ts';
import { isSmart, smartReadOnly } from './smart.ts';
import type { MemberRole, PlaylistRow, PlaylistsRepository } from './repository.ts';

/** How a user stands to a playlist. */
export type Access = 'owner' | 'collaborator' | 'follower' | 'viewer' | 'none';

/** How a user with this membership role (none: undefined) stands to a playlist. */
export function accessFrom(row: PlaylistRow, userId: string, role: MemberRole | undefined): Access {
  if (row.owner_id === userId) return 'owner';
  if (role === 'collaborator') return 'collaborator';
  if (!row.public) return 'none';
  return role === 'follower' ? 'follower' : 'viewer';
}

/** Whether this standing may edit the items (the README's "who may do what"). */
export const canEdit = (access: Access) => access === 'owner' || access === 'collaborator';

/** The access rules, as guards that read the playlist and throw the error a caller should see. */
export function createAccess(repo: PlaylistsRepository) {
  async function accessOf(row: PlaylistRow, userId: string): Promise<Access> {
    return accessFrom(row, userId, row.owner_id === userId ? undefined : await repo.roleOf(row.id, userId));
  }

  /** The playlist if the user may see it; private ones are "not found" to everyone else. */
  async function visible(id: string, userId: string): Promise<{ row: PlaylistRow; access: Access }> {
    const row = await repo.byId(id);
    const access = row ? await accessOf(row, userId) : 'none';
    if (!row || access === 'none') throw notFound('Playlist', 'playlist_not_found');
    return { row, access };
  }

  /** The playlist if the user may edit its items (owner or collaborator). */
  async function editable(id: string, userId: string) {
    const found = await visible(id, userId);
    if (!canEdit(found.access)) throw forbidden('Only the owner and collaborators may edit this playlist', 'not_an_editor');
    if (isSmart(found.row)) throw smartReadOnly();
    return found;
  }

  /** The playlist if the user owns it. */
  async function owned(id: string, userId: string) {
    const found = await visible(id, userId);
    if (found.access !== 'owner') throw forbidden('Only the owner may do that', 'not_the_owner');
    return found;
  }

  return { accessOf, visible, editable, owned };
}

export type AccessRules = ReturnType<typeof createAccess>;
