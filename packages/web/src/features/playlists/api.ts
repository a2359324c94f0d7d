import type { FolderContentRule, Sidebar, SimplifiedTrack } from '@runnel/api';
import { api } from '../../api/client.ts';

/** A playlist item's track as the web player uses it (catalogue tracks are full objects). */
export type ItemTrack = SimplifiedTrack & { album?: { id: string; name: string; images: { url: string; width: number | null }[] } };

export const fetchSidebar = () => api<Sidebar>('/me/sidebar');

export const createPlaylist = (name: string) => api<{ id: string }>('/me/playlists', { method: 'POST', body: { name } });

/** A new folder, at the end of the top level. */
export const createFolder = (name: string) => api<{ id: string }>('/me/folders', { method: 'POST', body: { name } });

export const renameFolder = (id: string, name: string) => api(`/me/folders/${id}`, { method: 'PATCH', body: { name } });

/** Deletes a folder; one with content needs `content` (else the answer is 409 folder_not_empty). */
export const deleteFolder = (id: string, content?: FolderContentRule) =>
  api(`/me/folders/${id}${content ? `?content=${content}` : ''}`, { method: 'DELETE' });

/** Moves a playlist or folder to `position` among `parentId`'s children (null: the top level). */
export const moveNode = (nodeId: string, parentId: string | null, position: number) =>
  api('/me/sidebar/move', { method: 'PUT', body: { node_id: nodeId, parent_id: parentId, position } });

/**
 * Adds items (`runnel:track:…` and `runnel:local:…`) to a playlist, at the end or at
 * `position`, in requests of at most 100 (the API's limit), in order.
 */
export async function addToPlaylist(id: string, uris: string[], position?: number) {
  let result: { snapshot_id: string } | undefined;
  for (let i = 0; i < uris.length; i += 100) {
    const at = position === undefined ? {} : { position: position + i };
    result = await api<{ snapshot_id: string }>(`/playlists/${id}/tracks`, { method: 'POST', body: { uris: uris.slice(i, i + 100), ...at } });
  }
  return result;
}

export const moveInPlaylist = (id: string, from: number, insertBefore: number, snapshotId: string) =>
  api<{ snapshot_id: string }>(`/playlists/${id}/tracks`, { method: 'PUT', body: { range_start: from, insert_before: insertBefore, range_length: 1, snapshot_id: snapshotId } });

export const removeFromPlaylist = (id: string, uri: string, position: number, snapshotId: string) =>
  api<{ snapshot_id: string }>(`/playlists/${id}/tracks`, { method: 'DELETE', body: { tracks: [{ uri, positions: [position] }], snapshot_id: snapshotId } });
