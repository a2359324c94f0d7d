import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { sendOrKeep } from '../../offline/actions.ts';

/** What the listener keeps: saved tracks and albums, starred tracks, followed artists. */
export type Kept = 'tracks' | 'albums' | 'starred' | 'artists';

/** Saves or removes ids of one kind (followed artists are `following?type=artist`); offline, kept and sent later. */
function keep(kind: Kept, ids: string[], how: 'PUT' | 'DELETE') {
  const query = { ids: ids.join(',') };
  if (kind === 'artists') return sendOrKeep(`${how} /me/following`, { query: { type: 'artist', ...query } });
  return sendOrKeep(`${how} /me/${kind}`, { query });
}

/** Whether the listener keeps these ids, one answer each. */
function contains(kind: Kept, id: string) {
  if (kind === 'artists') return api('GET /me/following/contains', { query: { type: 'artist', ids: id } });
  return api(`GET /me/${kind}/contains`, { query: { ids: id } });
}

/** The API takes at most 50 ids per request. */
const CHUNK = 50;

/** Saves (or removes) these ids, 50 per request. */
export async function setKept(kind: Kept, ids: string[], keeping: boolean): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) await keep(kind, ids.slice(i, i + CHUNK), keeping ? 'PUT' : 'DELETE');
}

/** Whether one id is saved (starred, followed). */
export async function isKept(kind: Kept, id: string): Promise<boolean> {
  return (await contains(kind, id))[0] === true;
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
