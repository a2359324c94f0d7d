import type { Sidebar, SimplifiedTrack } from '@runnel/api';
import { api } from '../../api/client.ts';

/** A playlist item's track as the web player uses it (catalogue tracks are full objects). */
export type ItemTrack = SimplifiedTrack & { album?: { id: string; name: string; images: { url: string; width: number | null }[] } };

export const fetchSidebar = () => api<Sidebar>('/me/sidebar');

export const createPlaylist = (name: string) => api<{ id: string }>('/me/playlists', { method: 'POST', body: { name } });

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
