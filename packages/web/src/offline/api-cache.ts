import { API_CACHE } from './cache-names.ts';
import { isOfflineItem } from './store.ts';

/** What browsing needs wherever you are: who you are, what the server offers, your plan, your sidebar. */
const SESSION = new Set(['/api/v1/me', '/api/v1/server-info', '/api/v1/me/plan', '/api/v1/me/sidebar']);
const ITEM = /^\/api\/v1\/(playlists|albums)\/([^/?]+)(\/tracks)?$/;

/** Whether the answer to this GET is kept for browsing offline: the session's, and those of offline items. */
function kept(url: string): boolean {
  const path = url.split('?')[0]!;
  if (SESSION.has(path)) return true;
  const item = ITEM.exec(path);
  return !!item && isOfflineItem(item[1] === 'playlists' ? 'playlist' : 'album', decodeURIComponent(item[2]!));
}

/** Keeps a successful GET's answer when browsing offline will need it (in the background). */
export function keepAnswer(url: string, text: string) {
  if (typeof caches === 'undefined' || !kept(url)) return;
  void caches
    .open(API_CACHE)
    .then((cache) => cache.put(url, new Response(text, { headers: { 'content-type': 'application/json' } })))
    .catch(() => {});
}

/** The kept answer to a GET, for when the server cannot be reached; undefined when there is none. */
export async function keptAnswer(url: string): Promise<unknown> {
  if (typeof caches === 'undefined') return undefined;
  const stored = await (await caches.open(API_CACHE)).match(url);
  return stored ? ((await stored.json()) as unknown) : undefined;
}

/** Forgets the kept answers of one item (it is no longer offline), or all of them (signing out). */
export async function forgetAnswers(kind?: 'playlist' | 'album', id?: string) {
  if (typeof caches === 'undefined') return;
  if (!kind || !id) return void (await caches.delete(API_CACHE));
  const cache = await caches.open(API_CACHE);
  const prefix = `/api/v1/${kind}s/${encodeURIComponent(id)}`;
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path === prefix || path.startsWith(`${prefix}/`)) await cache.delete(request);
  }
}
