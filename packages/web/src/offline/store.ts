import { useSyncExternalStore } from 'react';
import { idb } from './idb.ts';

/** A playlist or album made available offline on this device. */
export interface OfflineItem {
  /** `runnel:playlist:ID` or `runnel:album:ID`. */
  uri: string;
  kind: 'playlist' | 'album';
  id: string;
  name: string;
  /** The catalogue tracks it holds, in order (local files and removed tracks are not stored). */
  trackIds: string[];
  /** Cover URLs stored for it. */
  art: string[];
  state: 'downloading' | 'ready' | 'failed';
  error?: string;
  /** When the server last confirmed it (the offline right, and the item's content); offline content older than 30 days is removed. */
  confirmedAt: number;
}

/** A track's stored audio (shared by every item that holds it). */
export interface StoredTrack {
  id: string;
  bytes: number;
  type: string;
}

export interface OfflineState {
  loaded: boolean;
  items: ReadonlyMap<string, OfflineItem>;
  tracks: ReadonlyMap<string, StoredTrack>;
  /** Actions kept while offline, waiting to be sent. */
  pending: number;
}

let state: OfflineState = { loaded: false, items: new Map(), tracks: new Map(), pending: 0 };
const listeners = new Set<() => void>();

function update(change: Partial<OfflineState>) {
  state = { ...state, ...change };
  listeners.forEach((l) => l());
}

export const offlineState = () => state;
export const itemUri = (kind: OfflineItem['kind'], id: string) => `runnel:${kind}:${id}`;
/** Whether a track's audio is on this device (synchronous: the player asks on every track). */
export const isStored = (trackId: string) => state.tracks.has(trackId);
export const isOfflineItem = (kind: OfflineItem['kind'], id: string) => state.items.has(itemUri(kind, id));

/** Reads the registry from IndexedDB once; every later change goes through here. */
export async function loadOfflineState(): Promise<OfflineState> {
  if (state.loaded) return state;
  const [items, tracks, actions] = await Promise.all([idb.all<OfflineItem>('items'), idb.all<StoredTrack>('tracks'), idb.all<unknown>('actions')]);
  update({ loaded: true, items: new Map(items.map((i) => [i.uri, i])), tracks: new Map(tracks.map((t) => [t.id, t])), pending: actions.length });
  return state;
}

export async function saveItem(item: OfflineItem) {
  await idb.put('items', item);
  update({ items: new Map(state.items).set(item.uri, item) });
}

export async function forgetItem(uri: string) {
  await idb.delete('items', uri);
  const items = new Map(state.items);
  items.delete(uri);
  update({ items });
}

export async function saveTrack(track: StoredTrack) {
  await idb.put('tracks', track);
  update({ tracks: new Map(state.tracks).set(track.id, track) });
}

export async function forgetTrack(id: string) {
  await idb.delete('tracks', id);
  const tracks = new Map(state.tracks);
  tracks.delete(id);
  update({ tracks });
}

export function setPending(pending: number) {
  if (pending !== state.pending) update({ pending });
}

/** Empties the registry (the caches are emptied by the caller). */
export async function forgetEverything() {
  await Promise.all([idb.clear('items'), idb.clear('tracks'), idb.clear('actions')]);
  update({ items: new Map(), tracks: new Map(), pending: 0 });
}

export function subscribeOffline(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useOfflineState(): OfflineState {
  return useSyncExternalStore(subscribeOffline, offlineState);
}

/** Bytes stored for an item: its tracks' audio (a track two items share counts in both). */
export function itemBytes(item: OfflineItem, tracks: ReadonlyMap<string, StoredTrack>): number {
  return item.trackIds.reduce((sum, id) => sum + (tracks.get(id)?.bytes ?? 0), 0);
}
