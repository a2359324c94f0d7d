import type { FolderContentRule, Language, PlaylistSort, SidebarNode } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { AppError, badRequest, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { sortByName } from '../language/collation.ts';
import type { SidebarNodesTable } from './tables.ts';

type NodeRow = SidebarNodesTable;

/**
 * The user's sidebar: an ordered tree of folders and playlists. Sidebars are small (tens to
 * hundreds of nodes), so a change reads the user's nodes, decides in memory and renumbers
 * only the siblings it touched.
 */
export function createSidebar(db: Db) {
  const nodes = (userId: string, q: Db = db) => q.selectFrom('sidebar_nodes').selectAll().where('user_id', '=', userId).execute();

  const childrenOf = (rows: NodeRow[], parentId: string | null) => rows.filter((r) => r.parent_id === parentId).sort((a, b) => a.idx - b.idx);

  async function renumber(q: Db, userId: string, ordered: NodeRow[], parentId: string | null) {
    for (const [i, node] of ordered.entries()) {
      if (node.idx === i && node.parent_id === parentId) continue;
      await q.updateTable('sidebar_nodes').set({ idx: i, parent_id: parentId }).where('user_id', '=', userId).where('id', '=', node.id).execute();
    }
  }

  const descendants = (rows: NodeRow[], id: string): NodeRow[] => childrenOf(rows, id).flatMap((child) => [child, ...descendants(rows, child.id)]);

  return {
    /** Puts a playlist at the end of the user's top level (no-op when it is already there). */
    async append(userId: string, playlistId: string) {
      await db.transaction().execute(async (trx) => {
        const rows = await nodes(userId, trx);
        if (rows.some((r) => r.id === playlistId)) return;
        const last = Math.max(-1, ...childrenOf(rows, null).map((r) => r.idx));
        await trx
          .insertInto('sidebar_nodes')
          .values({ user_id: userId, id: playlistId, kind: 'playlist', parent_id: null, name: null, idx: last + 1 })
          .execute();
      });
    },

    /** Takes a playlist out of one user's sidebar, or everyone's. */
    async drop(playlistId: string, userId?: string) {
      let query = db.deleteFrom('sidebar_nodes').where('id', '=', playlistId).where('kind', '=', 'playlist');
      if (userId) query = query.where('user_id', '=', userId);
      await query.execute();
    },

    /**
     * The whole tree, parents before children, siblings in order; with `order`, its playlists
     * alone, flat, in that order (`name`: A–Z in `order.language`; `added`: the latest to join
     * the user's library first, an owned playlist when made, another's when followed or joined).
     */
    async tree(userId: string, order?: { sort: PlaylistSort; language: Language }): Promise<SidebarNode[]> {
      const rows = await db
        .selectFrom('sidebar_nodes')
        .leftJoin('playlists', 'playlists.id', 'sidebar_nodes.id')
        .leftJoin('playlist_members as m', (join) => join.onRef('m.playlist_id', '=', 'sidebar_nodes.id').on('m.user_id', '=', userId))
        .select([
          'sidebar_nodes.id',
          'sidebar_nodes.kind',
          'sidebar_nodes.parent_id',
          'sidebar_nodes.name',
          'sidebar_nodes.idx',
          'playlists.name as playlist_name',
          'playlists.owner_id',
          'playlists.smart_rules',
          'playlists.created_at',
          'm.role',
          'm.added_at',
        ])
        .where('sidebar_nodes.user_id', '=', userId)
        .execute();
      const playlistNode = (r: (typeof rows)[number], depth: number, index: number): SidebarNode => ({
        id: r.id,
        type: 'playlist',
        name: r.playlist_name ?? '',
        parent_id: r.parent_id,
        depth,
        index,
        editable: r.smart_rules === null && (r.owner_id === userId || r.role === 'collaborator'),
        ...(r.smart_rules !== null && { smart: true }),
      });
      if (order) {
        const playlists = rows.filter((r) => r.kind === 'playlist');
        const ordered =
          order.sort === 'name'
            ? sortByName(
                playlists.map((r) => ({ ...r, name: r.playlist_name ?? '' })),
                order.language,
              )
            : playlists.sort((a, b) => addedAt(b) - addedAt(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        return ordered.map((r, index) => ({ ...playlistNode(r, 0, index), parent_id: null }));
      }
      const out: SidebarNode[] = [];
      const walk = (parentId: string | null, depth: number) => {
        const children = rows.filter((r) => r.parent_id === parentId).sort((a, b) => a.idx - b.idx);
        children.forEach((r, index) => {
          if (r.kind === 'playlist') out.push(playlistNode(r, depth, index));
          else {
            out.push({ id: r.id, type: r.kind, name: r.name ?? '', parent_id: r.parent_id, depth, index });
            walk(r.id, depth + 1);
          }
        });
      };
      walk(null, 0);
      return out;
    },

    async createFolder(userId: string, name: string, parentId: string | null, position: number | undefined): Promise<string> {
      const id = newId();
      await db.transaction().execute(async (trx) => {
        const rows = await nodes(userId, trx);
        requireFolder(rows, parentId);
        const siblings = childrenOf(rows, parentId);
        const at = Math.min(position ?? siblings.length, siblings.length);
        const node: NodeRow = { user_id: userId, id, kind: 'folder', parent_id: parentId, name, idx: siblings.length + 1 };
        await trx.insertInto('sidebar_nodes').values(node).execute();
        siblings.splice(at, 0, node);
        await renumber(trx, userId, siblings, parentId);
      });
      return id;
    },

    async renameFolder(userId: string, id: string, name: string) {
      const result = await db
        .updateTable('sidebar_nodes')
        .set({ name })
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .where('kind', '=', 'folder')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw notFound('Folder', 'folder_not_found');
    },

    /** Moves a folder (with its content) or a playlist to `position` among `parentId`'s children. */
    async move(userId: string, nodeId: string, parentId: string | null, position: number) {
      await db.transaction().execute(async (trx) => {
        const rows = await nodes(userId, trx);
        const node = rows.find((r) => r.id === nodeId);
        if (!node) throw notFound('Sidebar node', 'node_not_found');
        requireFolder(rows, parentId);
        if (parentId !== null && (parentId === nodeId || descendants(rows, nodeId).some((d) => d.id === parentId))) {
          throw badRequest('A folder cannot be moved into itself', 'folder_cycle');
        }
        const oldSiblings = childrenOf(rows, node.parent_id).filter((r) => r.id !== nodeId);
        const newSiblings = node.parent_id === parentId ? oldSiblings : childrenOf(rows, parentId);
        if (position > newSiblings.length) throw badRequest(`position ${position} is past the end (${newSiblings.length})`, 'position_out_of_range');
        newSiblings.splice(position, 0, node);
        if (node.parent_id !== parentId) await renumber(trx, userId, oldSiblings, node.parent_id);
        await renumber(trx, userId, newSiblings, parentId);
      });
    },

    /**
     * Deletes a folder. Empty: just gone. With content, the caller must choose: `move_up`
     * puts the content where the folder was (same order); `delete` removes the folders
     * inside too and returns the playlists that were inside, for the caller to delete
     * (own ones) or unfollow (others').
     */
    async deleteFolder(userId: string, id: string, rule: FolderContentRule | undefined): Promise<string[]> {
      return db.transaction().execute(async (trx) => {
        const rows = await nodes(userId, trx);
        const folder = rows.find((r) => r.id === id && r.kind === 'folder');
        if (!folder) throw notFound('Folder', 'folder_not_found');
        const inside = descendants(rows, id);
        if (inside.length && !rule) {
          throw new AppError('folder_not_empty', 409, 'The folder is not empty: say content=move_up or content=delete');
        }
        await trx.deleteFrom('sidebar_nodes').where('user_id', '=', userId).where('id', '=', id).execute();
        if (rule === 'delete' || !inside.length) {
          if (inside.length)
            await trx
              .deleteFrom('sidebar_nodes')
              .where('user_id', '=', userId)
              .where(
                'id',
                'in',
                inside.map((r) => r.id),
              )
              .execute();
          return inside.filter((r) => r.kind === 'playlist').map((r) => r.id);
        }
        const siblings = childrenOf(rows, folder.parent_id);
        siblings.splice(
          siblings.findIndex((r) => r.id === id),
          1,
          ...childrenOf(rows, id),
        );
        await renumber(trx, userId, siblings, folder.parent_id);
        return [];
      });
    },
  };
}

/** When a sidebar playlist joined the user's library: followed or joined, else made. */
const addedAt = (r: { added_at: number | null; created_at: number | null }) => Number(r.added_at ?? r.created_at ?? 0);

function requireFolder(rows: NodeRow[], parentId: string | null) {
  if (parentId !== null && !rows.some((r) => r.id === parentId && r.kind === 'folder')) throw notFound('Folder', 'folder_not_found');
}

export type Sidebar = ReturnType<typeof createSidebar>;
