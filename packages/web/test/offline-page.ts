/// <reference lib="dom" />
import type { Page } from 'playwright-core';

/** What this browser stores offline for an item: its tracks stored, and their bytes (from IndexedDB, as the app keeps it). */
export async function offlineStats(page: Page, name: string): Promise<{ tracks: number; bytes: number }> {
  return page.evaluate(async (itemName) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('runnel-offline');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
      });
    const items = await all<{ name: string; trackIds: string[] }>('items');
    const tracks = new Map((await all<{ id: string; bytes: number }>('tracks')).map((t) => [t.id, t.bytes]));
    db.close();
    const ids = items.find((i) => i.name === itemName)?.trackIds.filter((id) => tracks.has(id)) ?? [];
    return { tracks: ids.length, bytes: ids.reduce((sum, id) => sum + tracks.get(id)!, 0) };
  }, name);
}

/** Opens an item's page, switches "Available offline" on, and waits until it is stored; with the time that took. */
export async function markOffline(page: Page, url: string, name: string): Promise<{ tracks: number; bytes: number; ms: number }> {
  await page.goto(url);
  await page.getByRole('heading', { name }).waitFor();
  const started = Date.now();
  await page.getByRole('button', { name: 'Available offline' }).click();
  await page.getByText(/on this device$/).waitFor({ timeout: 120_000 });
  const ms = Date.now() - started;
  return { ...(await offlineStats(page, name)), ms };
}

/** Waits until `title` is what plays (the tab's title says it, and an audio element is playing); whether it comes from storage. */
export async function audibleTrack(page: Page, title: string): Promise<{ stored: boolean }> {
  await page.waitForFunction(
    (t) => document.title.startsWith(`${t} ·`) && [...document.querySelectorAll('audio')].some((a) => !a.paused && a.currentTime > 0),
    title,
    { timeout: 15_000 },
  );
  return page.evaluate(() => ({ stored: [...document.querySelectorAll('audio')].some((a) => !a.paused && a.src.includes('/offline/audio/')) }));
}

/** Seeks the playing audio to a fraction of its length; the milliseconds until it plays there (`seeked`). */
export async function seekAudible(page: Page, fraction: number): Promise<number> {
  return page.evaluate(
    (f) =>
      new Promise<number>((resolve, reject) => {
        const audio = [...document.querySelectorAll('audio')].find((a) => !a.paused);
        if (!audio) return reject(new Error('nothing is playing'));
        const started = performance.now();
        audio.addEventListener('seeked', () => resolve(performance.now() - started), { once: true });
        audio.currentTime = audio.duration * f;
      }),
    fraction,
  );
}
