import { itemTracks } from '../api/narrow.ts';
import { loadAlbum } from '../features/catalog/load-album.ts';
import { loadPlaylist } from '../features/playlists/load.ts';
import { coversOf } from '../features/playlists/PlaylistCover.tsx';
import { streamQuery } from '../audio/quality.ts';
import { imageUrl } from '../tracks/to-queue.ts';
import { forgetAnswers } from './api-cache.ts';
import { ART_CACHE, AUDIO_CACHE, API_CACHE, audioKey } from './cache-names.ts';
import { isOnline } from './connection.ts';
import {
  forgetEverything,
  forgetItem,
  forgetTrack,
  isStored,
  itemUri,
  loadOfflineState,
  offlineState,
  saveItem,
  saveTrack,
  type OfflineItem,
} from './store.ts';

/** Tracks fetched at once while making an item available offline (a browser opens six connections to a host; the player keeps two). */
const PARALLEL = 4;

/** What an item holds now, as the server says: its name, its catalogue tracks in order, its covers. */
async function contentOf(kind: OfflineItem['kind'], id: string): Promise<Pick<OfflineItem, 'name' | 'trackIds' | 'art'>> {
  if (kind === 'album') {
    const album = await loadAlbum(id);
    const cover = imageUrl(album.images, 300);
    return { name: album.name, trackIds: album.allTracks.map((t) => t.id), art: cover ? [cover] : [] };
  }
  const playlist = await loadPlaylist(id);
  const tracks = itemTracks(playlist.all.filter((item) => !item.is_local).map((item) => item.track));
  const art = new Set(coversOf(playlist.all, 150));
  // The now-playing bar shows each track's album cover.
  for (const track of tracks) {
    const url = imageUrl(track.album?.images ?? [], 300);
    if (url) art.add(url);
  }
  return { name: playlist.name, trackIds: [...new Set(tracks.map((track) => track.id))], art: [...art] };
}

/** Fetches one track's audio as this listener would stream it (their plan's format and bitrate) into storage. */
async function storeTrack(id: string) {
  const query = streamQuery();
  const response = await fetch(`/api/v1/tracks/${encodeURIComponent(id)}/stream${query ? `${query}&` : '?'}purpose=offline`, { credentials: 'same-origin' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The server answered ${response.status}`);
  }
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  // An original comes with its length; a live transcode does not, and is measured once stored.
  const length = Number(response.headers.get('content-length'));
  const cache = await caches.open(AUDIO_CACHE);
  await cache.put(audioKey(id), new Response(response.body, { headers: { 'content-type': type } }));
  const bytes = length > 0 ? length : ((await (await cache.match(audioKey(id)))?.blob())?.size ?? 0);
  await saveTrack({ id, bytes, type });
}

async function storeArt(urls: string[]) {
  const cache = await caches.open(ART_CACHE);
  for (const url of urls) {
    if (await cache.match(url)) continue;
    const response = await fetch(url, { credentials: 'same-origin' }).catch(() => null);
    if (response?.ok) await cache.put(url, response);
  }
}

/**
 * Brings an offline item up to date with the server: its tracks (adds fetched, removals
 * freed), covers and the answers browsing needs; then it counts as confirmed now. Offline
 * half-way, a ready item stays as it was, to be brought up to date at the next connection.
 */
async function fill(item: OfflineItem): Promise<void> {
  const current = () => offlineState().items.get(item.uri);
  try {
    const content = await contentOf(item.kind, item.id);
    if (!current()) return; // removed meanwhile
    await saveItem({ ...current()!, ...content });
    await storeArt(content.art);
    const missing = content.trackIds.filter((id) => !isStored(id));
    let next = 0;
    const worker = async () => {
      while (next < missing.length && current()) await storeTrack(missing[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, missing.length) }, worker));
    if (!current()) return;
    await saveItem({ ...current()!, state: 'ready', error: undefined, confirmedAt: Date.now() });
  } catch (error) {
    const latest = current();
    if (!latest) return;
    if (!isOnline() && latest.state === 'ready') return;
    await saveItem({ ...latest, state: 'failed', error: error instanceof Error ? error.message : String(error) });
  } finally {
    await freeUnused();
  }
}

/** Makes a playlist or album available offline on this device; resolves when it is (or has failed). */
export async function makeAvailable(kind: OfflineItem['kind'], id: string, name: string) {
  await loadOfflineState();
  // Ask the browser not to evict what the listener chose to keep (best effort; it may say no).
  void navigator.storage?.persist?.().catch(() => false);
  const item: OfflineItem = { uri: itemUri(kind, id), kind, id, name, trackIds: [], art: [], state: 'downloading', confirmedAt: Date.now() };
  await saveItem(item);
  await fill(item);
}

/** Removes an item from this device; tracks and covers no other offline item holds are freed. */
export async function removeAvailable(uri: string) {
  const item = offlineState().items.get(uri);
  if (!item) return;
  await forgetItem(uri);
  await forgetAnswers(item.kind, item.id);
  await freeUnused();
}

/** Brings every offline item up to date (online only), or the one with this uri. */
export async function refreshAvailable(uri?: string) {
  for (const item of offlineState().items.values()) if (isOnline() && (!uri || item.uri === uri)) await fill(item);
}

/** Removes everything offline on this device: the right is gone, another user signed in, or this one signed out. */
export async function removeEverything() {
  await forgetEverything();
  if (typeof caches === 'undefined') return;
  await Promise.all([AUDIO_CACHE, ART_CACHE, API_CACHE].map((name) => caches.delete(name)));
}

/** Frees stored tracks and covers that no offline item holds any more. */
async function freeUnused() {
  const { items, tracks } = offlineState();
  const held = new Set<string>();
  const art = new Set<string>();
  for (const item of items.values()) {
    item.trackIds.forEach((id) => held.add(id));
    item.art.forEach((url) => art.add(url));
  }
  const audio = await caches.open(AUDIO_CACHE);
  for (const id of tracks.keys()) {
    if (held.has(id)) continue;
    await audio.delete(audioKey(id));
    await forgetTrack(id);
  }
  const covers = await caches.open(ART_CACHE);
  for (const request of await covers.keys()) {
    const url = new URL(request.url);
    if (!art.has(url.pathname + url.search)) await covers.delete(request);
  }
}
