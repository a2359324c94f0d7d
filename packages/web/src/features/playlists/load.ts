import type { Playlist, PlaylistItem } from '@runnel/api';
import { api } from '../../api/client.ts';

export interface Loaded extends Playlist {
  all: PlaylistItem[];
}

const PAGE = 100; // the API's largest page
const PARALLEL = 6; // requests in flight, as many as a browser opens to one host
/** A smart playlist may match the whole library: the view shows its first 2,000 (the server evaluates every page anew). */
export const SMART_SHOWN = 2_000;

/**
 * A playlist with every item: the first request gives the total, the other pages are then
 * fetched several at a time (a 10,000-item playlist is 100 pages).
 */
export async function loadPlaylist(id: string): Promise<Loaded> {
  const playlist = await api('GET /playlists/:id', { params: { id } });
  const first = playlist.tracks.items;
  const offsets: number[] = [];
  const end = playlist.smart ? Math.min(playlist.tracks.total, SMART_SHOWN) : playlist.tracks.total;
  for (let offset = first.length; first.length && offset < end; offset += PAGE) offsets.push(offset);
  const pages: PlaylistItem[][] = [];
  let next = 0;
  const worker = async () => {
    while (next < offsets.length) {
      const i = next++;
      pages[i] = (await api('GET /playlists/:id/tracks', { params: { id }, query: { limit: PAGE, offset: offsets[i] } })).items;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, offsets.length) }, worker));
  return { ...playlist, all: [...first, ...pages.flat()] };
}
