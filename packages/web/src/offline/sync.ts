import { api } from '../api/client.ts';
import { sendKept } from './actions.ts';
import { refreshAvailable, removeAvailable, removeEverything } from './available.ts';
import { isOnline } from './connection.ts';
import { loadOfflineState } from './store.ts';

/** As Spotify's rule: offline content not confirmed online for this long is removed. */
export const CONFIRM_EVERY_MS = 30 * 24 * 3_600_000;
const OWNER = 'runnel.offline.owner';

/**
 * What is stored offline belongs to one user of one server (by the server's stable id, so
 * its LAN and WAN addresses are one server); anyone else signing in here starts empty.
 */
export async function claimOffline(serverId: string, userId: string) {
  const owner = `${serverId}/${userId}`;
  const previous = localStorage.getItem(OWNER);
  if (previous && previous !== owner) await removeEverything();
  localStorage.setItem(OWNER, owner);
}

/** Removes offline items the server has not confirmed for 30 days (run at start, even offline). */
export async function expireUnconfirmed(now = Date.now()) {
  const { items } = await loadOfflineState();
  for (const item of items.values()) if (now - item.confirmedAt > CONFIRM_EVERY_MS) await removeAvailable(item.uri);
}

let running: Promise<void> | undefined;

/**
 * At every connection: send what was done offline (plays with their times, stars, playlist
 * edits), then check the offline right (lost: everything offline is removed) and bring each
 * offline item up to date, which confirms it for another 30 days.
 */
export function syncOffline(): Promise<void> {
  running ??= (async () => {
    try {
      const { items } = await loadOfflineState();
      await sendKept();
      if (!items.size || !isOnline()) return;
      const { plan } = await api('GET /me/plan');
      if (!plan.offline) return await removeEverything();
      await refreshAvailable();
    } catch {
      // Offline again, or the server failed: the next connection tries again.
    } finally {
      running = undefined;
    }
  })();
  return running;
}
