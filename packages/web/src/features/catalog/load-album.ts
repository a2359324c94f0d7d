import type { SimplifiedTrack } from '@runnel/api';
import { api } from '../../api/client.ts';

/** An album with all its tracks (the first page comes with the album, the rest 50 at a time). */
export async function loadAlbum(id: string) {
  const a = await api('GET /albums/:id', { params: { id } });
  const tracks: SimplifiedTrack[] = [...a.tracks.items];
  while (tracks.length < a.tracks.total) {
    const page = await api('GET /albums/:id/tracks', { params: { id }, query: { limit: 50, offset: tracks.length } });
    if (!page.items.length) break;
    tracks.push(...page.items);
  }
  return { ...a, allTracks: tracks };
}
