import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

/** What the listener keeps: saved tracks and albums, starred tracks, followed artists. */
export type Kept = 'tracks' | 'albums' | 'starred' | 'artists';

/** The collection path of a kind and the query that names ids in it (followed artists are `following?type=artist`). */
const path = (kind: Kept, ids: string[]) =>
  kind === 'artists' ? `/me/following?type=artist&ids=${ids.join(',')}` : `/me/${kind}?ids=${ids.join(',')}`;

/** The API takes at most 50 ids per request. */
const CHUNK = 50;

/** Saves (or removes) these ids, 50 per request. */
export async function setKept(kind: Kept, ids: string[], keep: boolean): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) await api(path(kind, ids.slice(i, i + CHUNK)), { method: keep ? 'PUT' : 'DELETE' });
}

/** Whether one id is saved (starred, followed). */
export async function isKept(kind: Kept, id: string): Promise<boolean> {
  const at = kind === 'artists' ? `/me/following/contains?type=artist&ids=${id}` : `/me/${kind}/contains?ids=${id}`;
  return (await api<boolean[]>(at))[0] === true;
}

/** The react-query keys of the views that list a kind (to refresh after a change). */
export const listKey: Record<Kept, string> = { tracks: 'saved-tracks', albums: 'saved-albums', starred: 'starred', artists: 'followed-artists' };

/** Keeps (or lets go of) these ids, then refreshes the view that lists their kind. */
export async function keepAndRefresh(client: QueryClient, kind: Kept, ids: (string | null | undefined)[], keep: boolean): Promise<void> {
  const known = ids.filter((id): id is string => !!id);
  if (!known.length) return;
  await setKept(kind, known, keep);
  await client.invalidateQueries({ queryKey: [listKey[kind]] });
}
