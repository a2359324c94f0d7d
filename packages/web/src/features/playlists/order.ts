import { useSyncExternalStore } from 'react';
import type { PlaylistSort } from '@runnel/api';

/** How the sidebar lists playlists: the user's own tree (folders, dragged into order), or flat in a server order. */
export type PlaylistOrder = 'custom' | PlaylistSort;

const KEY = 'runnel.playlistOrder';
const listeners = new Set<() => void>();

/** The order chosen on this device (as the streaming quality is): the user's own unless chosen. */
export function getPlaylistOrder(): PlaylistOrder {
  const saved = localStorage.getItem(KEY);
  return saved === 'name' || saved === 'added' ? saved : 'custom';
}

export function setPlaylistOrder(order: PlaylistOrder) {
  localStorage.setItem(KEY, order);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab's choice applies here too.
  const fromOtherTab = (e: StorageEvent) => e.key === KEY && listener();
  window.addEventListener('storage', fromOtherTab);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', fromOtherTab);
  };
}

/** The chosen order, re-rendering when it changes (here or in another tab). */
export const usePlaylistOrder = () => useSyncExternalStore(subscribe, getPlaylistOrder);

/**
 * The query key of the sidebar in an order: the tree's is `['sidebar']`, which every change
 * to playlists invalidates, and the flat orders' start with it, so they are invalidated too.
 */
export const sidebarKey = (order: PlaylistOrder) => (order === 'custom' ? ['sidebar'] : ['sidebar', order]);
