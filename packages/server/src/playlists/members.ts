import { createHash, randomBytes } from 'node:crypto';
import type { UserRef } from '@runnel/api';
import { badRequest, forbidden, notFound } from '../errors.ts';
import { userRef } from '../user-ref.ts';
import type { AccessRules } from './access.ts';
import type { Announce } from './announce.ts';
import type { PlaylistRow, PlaylistsRepository } from './repository.ts';
import type { Sidebar } from './sidebar.ts';
import { isSmart, smartReadOnly } from './smart.ts';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface MembersDeps {
  repo: PlaylistsRepository;
  access: AccessRules;
  announce: Announce;
  sidebar: Sidebar;
  /** Whether a user id exists (collaborator invitations). */
  userExists: (id: string) => Promise<boolean>;
  /** Deletes a playlist (an owner who unfollows their own playlist deletes it). */
  removePlaylist: (row: PlaylistRow) => Promise<void>;
  now: () => number;
}

/** Collaborators (invited, or joined with the edit link) and followers of playlists. */
export function createMembers({ repo, access, announce, sidebar, userExists, removePlaylist, now }: MembersDeps) {
  async function join(row: PlaylistRow, userId: string) {
    await repo.setRole(row.id, userId, 'collaborator', now());
    if (!row.collaborative) await repo.update(row.id, { collaborative: 1 });
    await sidebar.append(userId, row.id);
    await announce({ ...row, collaborative: 1 }, 'members');
  }

  return {
    async collaborators(id: string, userId: string): Promise<UserRef[]> {
      const { row } = await access.visible(id, userId);
      const members = await repo.members(id);
      return [row.owner_id, ...members.filter((m) => m.role === 'collaborator').map((m) => m.user_id)].map((id) => userRef(id));
    },

    async invite(id: string, ownerId: string, userId: string) {
      const { row } = await access.owned(id, ownerId);
      if (isSmart(row)) throw smartReadOnly();
      if (userId === ownerId) throw badRequest('The owner already edits this playlist', 'already_owner');
      if (!(await userExists(userId))) throw notFound('User', 'user_not_found');
      await join(row, userId);
    },

    /** Removes a collaborator: the owner may remove anyone, a collaborator themself. */
    async uninvite(id: string, callerId: string, userId: string) {
      const { row, access: standing } = await access.visible(id, callerId);
      if (standing !== 'owner' && callerId !== userId) throw forbidden('Only the owner may remove other collaborators', 'not_the_owner');
      await repo.removeMember(id, userId, 'collaborator');
      await sidebar.drop(id, userId);
      await announce(row, 'members');
    },

    /** A new edit link: whoever holds the token may join as a collaborator. Replaces any earlier link. */
    async editLink(id: string, ownerId: string) {
      const { row } = await access.owned(id, ownerId);
      if (isSmart(row)) throw smartReadOnly();
      const token = randomBytes(18).toString('base64url');
      await repo.update(id, { edit_token_hash: hashToken(token), collaborative: 1 });
      return { token, expires_at: null };
    },

    async joinWithToken(id: string, userId: string, token: string) {
      const row = await repo.byId(id);
      if (!row || !row.edit_token_hash || row.edit_token_hash !== hashToken(token)) throw notFound('Playlist', 'playlist_not_found');
      if (row.owner_id !== userId) await join(row, userId);
    },

    async follow(id: string, userId: string) {
      const { row, access: standing } = await access.visible(id, userId);
      if (standing === 'owner' || standing === 'collaborator') return;
      await repo.setRole(id, userId, 'follower', now());
      await sidebar.append(userId, id);
      await announce((await repo.byId(id)) ?? row, 'members');
    },

    async unfollow(id: string, userId: string) {
      const row = await repo.byId(id);
      if (!row) throw notFound('Playlist', 'playlist_not_found');
      if (row.owner_id === userId) return removePlaylist(row);
      await repo.removeMember(id, userId);
      await sidebar.drop(id, userId);
    },

    async followersContain(id: string, userId: string, ids: string[]) {
      await access.visible(id, userId);
      const members = new Map((await repo.members(id)).map((m) => [m.user_id, m.role]));
      return ids.map((u) => members.get(u) === 'follower');
    },
  };
}
