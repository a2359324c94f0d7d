import type { Db } from '../db/database.ts';
import { entryStore } from './entries.ts';
import type { PlaylistMembersTable, PlaylistsTable } from './tables.ts';

export type PlaylistRow = PlaylistsTable;
export type MemberRole = PlaylistMembersTable['role'];

/** The playlists module's queries on playlists, members and the change log (entries: entries.ts). */
export function createPlaylistsRepository(db: Db) {
  /** The playlists a user owns, collaborates on or follows, joined to the user's membership (`m`). */
  const libraryOf = (userId: string) =>
    db
      .selectFrom('playlists')
      .leftJoin('playlist_members as m', (join) => join.onRef('m.playlist_id', '=', 'playlists.id').on('m.user_id', '=', userId))
      .where((eb) => eb.or([eb('playlists.owner_id', '=', userId), eb('m.user_id', 'is not', null)]));

  return {
    byId: (id: string) => db.selectFrom('playlists').selectAll().where('id', '=', id).executeTakeFirst(),
    byIds: (ids: string[]) => (ids.length ? db.selectFrom('playlists').selectAll().where('id', 'in', ids).execute() : Promise.resolve([])),
    insert: (row: PlaylistRow) => db.insertInto('playlists').values(row).execute(),
    update: (id: string, changes: Partial<Omit<PlaylistRow, 'id'>>) => db.updateTable('playlists').set(changes).where('id', '=', id).execute(),
    remove: (id: string) => db.deleteFrom('playlists').where('id', '=', id).execute(),

    roleOf: async (playlistId: string, userId: string): Promise<MemberRole | undefined> =>
      (await db.selectFrom('playlist_members').select('role').where('playlist_id', '=', playlistId).where('user_id', '=', userId).executeTakeFirst())?.role,
    /** The user's role in each of these playlists that they are a member of. */
    async rolesOf(playlistIds: string[], userId: string): Promise<Map<string, MemberRole>> {
      if (!playlistIds.length) return new Map();
      const rows = await db
        .selectFrom('playlist_members')
        .select(['playlist_id', 'role'])
        .where('user_id', '=', userId)
        .where('playlist_id', 'in', playlistIds)
        .execute();
      return new Map(rows.map((r) => [r.playlist_id, r.role]));
    },
    members: (playlistId: string) => db.selectFrom('playlist_members').select(['user_id', 'role']).where('playlist_id', '=', playlistId).execute(),
    async setRole(playlistId: string, userId: string, role: MemberRole, at: number) {
      await db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('playlist_members')
          .select('role')
          .where('playlist_id', '=', playlistId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (existing?.role === role) return;
        if (existing) await trx.updateTable('playlist_members').set({ role }).where('playlist_id', '=', playlistId).where('user_id', '=', userId).execute();
        else await trx.insertInto('playlist_members').values({ playlist_id: playlistId, user_id: userId, role, added_at: at }).execute();
        await recountFollowers(trx, playlistId);
      });
    },
    async removeMember(playlistId: string, userId: string, role?: MemberRole) {
      await db.transaction().execute(async (trx) => {
        let query = trx.deleteFrom('playlist_members').where('playlist_id', '=', playlistId).where('user_id', '=', userId);
        if (role) query = query.where('role', '=', role);
        await query.execute();
        await recountFollowers(trx, playlistId);
      });
    },
    removeCollaborators: (playlistId: string) =>
      db.deleteFrom('playlist_members').where('playlist_id', '=', playlistId).where('role', '=', 'collaborator').execute(),

    /**
     * A page of the owned, collaborating and followed playlists of a user, with the user's role
     * (null: owner): newest first, or (`added`) the latest to join the user's library first (an
     * owned playlist when made, another's when followed or joined).
     */
    async listFor(userId: string, limit: number, offset: number, order: 'created' | 'added' = 'created') {
      const visible = libraryOf(userId);
      const ordered =
        order === 'added'
          ? visible.orderBy((eb) => eb.fn.coalesce('m.added_at', 'playlists.created_at'), 'desc')
          : visible.orderBy('playlists.created_at', 'desc');
      const [rows, total] = await Promise.all([
        ordered.selectAll('playlists').select('m.role').orderBy('playlists.id').limit(limit).offset(offset).execute(),
        visible.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(total.n) };
    },

    /** Every playlist in a user's library (as listFor's, in no order): for orders made in memory. */
    allFor: (userId: string) => libraryOf(userId).selectAll('playlists').select('m.role').execute(),

    /** A user's public playlists, newest first (their profile; at most 200). */
    publicOf: (ownerId: string) =>
      db.selectFrom('playlists').selectAll().where('owner_id', '=', ownerId).where('public', '=', 1).orderBy('created_at', 'desc').limit(200).execute(),

    /** Every entry of a playlist (id, key and uri, in order) and the revision they were read at, from one snapshot. */
    everyEntry: (playlistId: string) =>
      db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          const row = await trx.selectFrom('playlists').select(['revision', 'item_count']).where('id', '=', playlistId).executeTakeFirstOrThrow();
          const count = Number(row.item_count);
          return { revision: Number(row.revision), rows: count ? await entryStore.slice(trx, playlistId, 0, count, count) : [] };
        }),

    /** What the search index needs of playlists, by id order: these ids, or the batch after `after`. */
    indexRows(where: { ids: readonly string[] } | { after: string }, limit: number) {
      const query = db.selectFrom('playlists').select(['id', 'name', 'owner_id', 'public']).orderBy('id').limit(limit);
      return ('ids' in where ? query.where('id', 'in', [...where.ids]) : query.where('id', '>', where.after)).execute();
    },
    /** The collaborators of these playlists. */
    collaboratorsOf: (playlistIds: string[]) =>
      db.selectFrom('playlist_members').select(['playlist_id', 'user_id']).where('role', '=', 'collaborator').where('playlist_id', 'in', playlistIds).execute(),

    changesSince: (playlistId: string, since: number, limit: number) =>
      db
        .selectFrom('playlist_changes')
        .selectAll()
        .where('playlist_id', '=', playlistId)
        .where('revision', '>', since)
        .orderBy('revision')
        .limit(limit)
        .execute(),
    firstLoggedRevision: async (playlistId: string) =>
      Number(
        (
          await db
            .selectFrom('playlist_changes')
            .select((eb) => eb.fn.min<number>('revision').as('r'))
            .where('playlist_id', '=', playlistId)
            .executeTakeFirst()
        )?.r ?? 0,
      ),
  };
}

async function recountFollowers(trx: Db, playlistId: string) {
  const row = await trx
    .selectFrom('playlist_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('playlist_id', '=', playlistId)
    .where('role', '=', 'follower')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('playlists')
    .set({ follower_count: Number(row.n) })
    .where('id', '=', playlistId)
    .execute();
}

export type PlaylistsRepository = ReturnType<typeof createPlaylistsRepository>;
