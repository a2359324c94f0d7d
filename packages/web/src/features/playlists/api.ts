import type { Sidebar, SimplifiedTrack } from '@runnel/api';
import { api } from '../../api/client.ts';

/** A playlist item's track as the web player uses it (catalogue tracks are full objects). */
export type ItemTrack = SimplifiedTrack & { album?: { id: string; name: string; images: { url: string; width: number | null }[] } };

export const fetchSidebar = () => api<Sidebar>('/me/sidebar');

export const createPlaylist = (name: string) => api<{ id: string }>('/me/playlists', { method: 'POST', body: { name } });

/** Adds catalogue items (`runnel:track:…`) to a playlist, at the end or at `position`. */
export const addToPlaylist = (id: string, uris: string[], position?: number) =>
  api<{ snapshot_id: string }>(`/playlists/${id}/tracks`, { method: 'POST', body: { uris, ...(position !== undefined ? { position } : {}) } });

export const moveInPlaylist = (id: string, from: number, insertBefore: number, snapshotId: string) =>
  api<{ snapshot_id: string }>(`/playlists/${id}/tracks`, { method: 'PUT', body: { range_start: from, insert_before: insertBefore, range_length: 1, snapshot_id: snapshotId } });

export const removeFromPlaylist = (id: string, uri: string, position: number, snapshotId: string) =>
  api<{ snapshot_id: string }>(`/playlists/${id}/tracks`, { method: 'DELETE', body: { tracks: [{ uri, positions: [position] }], snapshot_id: snapshotId } });

export const star = (trackIds: string[]) => api(`/me/starred?ids=${trackIds.join(',')}`, { method: 'PUT' });
