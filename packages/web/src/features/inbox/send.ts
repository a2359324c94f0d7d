import { useSyncExternalStore } from 'react';

/** What "Send to…" is open for, if anything: one dialog for the whole player. */
export interface Sending {
  uri: string;
  name: string;
}

let current: Sending | null = null;
const listeners = new Set<() => void>();
const set = (next: Sending | null) => {
  current = next;
  for (const l of listeners) l();
};

/** Opens "Send to…" for an item (a track, album, artist or playlist uri). */
export const openSendTo = (uri: string, name: string) => set({ uri, name });
export const closeSendTo = () => set(null);

export function useSending(): Sending | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
