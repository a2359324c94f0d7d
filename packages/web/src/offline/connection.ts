import { useSyncExternalStore } from 'react';

/**
 * Whether Runnel's server can be reached from here. A request that fails at the network
 * (`markUnreachable`) makes the app offline; from then on the server is asked every few
 * seconds (and when the browser says it is back online) until it answers, and then the
 * reconnect hooks run (send what was kept, check the offline right, refresh).
 */
const PROBE_MS = 4000;

let online = true;
const listeners = new Set<() => void>();
const reconnectHooks = new Set<() => void>();
let probing: ReturnType<typeof setInterval> | undefined;

function set(next: boolean) {
  if (online === next) return;
  online = next;
  listeners.forEach((l) => l());
  if (next) {
    clearInterval(probing);
    probing = undefined;
    reconnectHooks.forEach((hook) => hook());
  } else probing ??= setInterval(() => void probe(), PROBE_MS);
}

/** Asks the server whether it is there (any answer means it is). */
export async function probe(): Promise<boolean> {
  try {
    await fetch('/api/v1/server-info', { credentials: 'same-origin', cache: 'no-store' });
    set(true);
    return true;
  } catch {
    set(false);
    return false;
  }
}

export const isOnline = () => online;
/** A request failed before any answer arrived. */
export const markUnreachable = () => set(false);
/** An answer arrived (whatever its status). */
export const markReachable = () => set(true);

/** Runs `hook` each time the server is reachable again after being offline. */
export function onReconnect(hook: () => void): () => void {
  reconnectHooks.add(hook);
  return () => reconnectHooks.delete(hook);
}

export function useOnline(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => online,
  );
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => void probe());
  window.addEventListener('offline', () => set(false));
}
