import type { FolderContentRule } from '@runnel/api';
import { api } from '../../api/client.ts';
import { sendOrKeep } from '../../offline/actions.ts';
import type { PlaylistOrder } from './order.ts';

/** The sidebar: its tree, or (in a server order) its playlists alone, flat. */
export const fetchSidebar = (order: PlaylistOrder = 'custom') => api('GET /me/sidebar', { query: order === 'custom' ? {} : { sort: order } });

export const createPlaylist = (name: string) => api('POST /me/playlists', { body: { name } });

/** A new folder, at the end of the top level. */
export const createFolder = (name: string) => api('POST /me/folders', { body: { name } });

export const renameFolder = (id: string, name: string) => api('PATCH /me/folders/:id', { params: { id }, body: { name } });

/** Deletes a folder; one with content needs `content` (else the answer is 409 folder_not_empty). */
export const deleteFolder = (id: string, content?: FolderContentRule) => api('DELETE /me/folders/:id', { params: { id }, query: content ? { content } : {} });

/** Moves a playlist or folder to `position` among `parentId`'s children (null: the top level). */
export const moveNode = (nodeId: string, parentId: string | null, position: number) =>
  api('PUT /me/sidebar/move', { body: { node_id: nodeId, parent_id: parentId, position } });

/**
 * Adds items (`runnel:track:…` and `runnel:local:…`) to a playlist, at the end or at
 * `position`, in requests of at most 100 (the API's limit), in order. Offline, the adds are
 * kept and sent on reconnect, where they merge with others' edits as any late edit does.
 */
export async function addToPlaylist(id: string, uris: string[], position?: number) {
  for (let i = 0; i < uris.length; i += 100) {
    const at = position === undefined ? {} : { position: position + i };
    await sendOrKeep('POST /playlists/:id/tracks', { params: { id }, body: { uris: uris.slice(i, i + 100), ...at } });
  }
}

export const moveInPlaylist = (id: string, from: number, insertBefore: number, snapshotId: string) =>
  api('PUT /playlists/:id/tracks', { params: { id }, body: { range_start: from, insert_before: insertBefore, range_length: 1, snapshot_id: snapshotId } });

export const removeFromPlaylist = (id: string, uri: string, position: number, snapshotId: string) =>
  api('DELETE /playlists/:id/tracks', { params: { id }, body: { tracks: [{ uri, positions: [position] }], snapshot_id: snapshotId } });
