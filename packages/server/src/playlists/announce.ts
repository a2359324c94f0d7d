import type { PlaylistChange } from '@runnel/api';
import type { EventBus } from '../events/bus.ts';
import { snapshotId } from './render.ts';
import type { PlaylistRow, PlaylistsRepository } from './repository.ts';

export type ChangeKind = 'items' | 'details' | 'members' | 'deleted';

/**
 * `playlist.changed` for whoever should hear about a change: owner, collaborators, and
 * followers while the playlist is public (or when `followersToo`: it just went private, so
 * they hear that once). `members` can be given when they are read before a delete.
 */
export function createAnnouncer(repo: PlaylistsRepository, events: EventBus) {
  return async function announce(
    row: PlaylistRow,
    kind: ChangeKind,
    change?: PlaylistChange,
    options: { followersToo?: boolean; members?: { user_id: string; role: string }[] } = {},
  ) {
    // A playlist nobody follows or edits with has no members to read (the usual case).
    const alone = !row.collaborative && Number(row.follower_count) === 0;
    const members = options.members ?? (alone ? [] : await repo.members(row.id));
    const editors = [row.owner_id, ...members.filter((m) => m.role === 'collaborator').map((m) => m.user_id)];
    const followers = members.filter((m) => m.role === 'follower').map((m) => m.user_id);
    const users = row.public || options.followersToo ? [...editors, ...followers] : editors;
    await events.publish({
      type: 'playlist.changed',
      users,
      data: {
        id: row.id,
        kind,
        removed: kind === 'deleted',
        public: row.public === 1,
        owner_id: row.owner_id,
        editor_ids: editors,
        name: row.name,
        description: row.description,
        snapshot_id: snapshotId(row.id, Number(row.revision)),
        revision: Number(row.revision),
        change: change ?? null,
      },
    });
  };
}

export type Announce = ReturnType<typeof createAnnouncer>;
