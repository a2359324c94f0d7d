/// <reference lib="dom" />
/**
 * Long tasks while a 10,000-track playlist opens and scrolls (issue 7.8: "large playlists
 * stay fast"). A long task is one the browser reports as blocking the main thread for more
 * than 50 ms; the aim is none while scrolling.
 */
import type { Page } from 'playwright-core';

export interface Phase {
  name: string;
  /** Durations of the long tasks the page saw (wall time), ms. */
  tasks: number[];
  /** CPU time of the renderer's main-thread tasks that took over 16 ms of wall time, ms. */
  cpu: number[];
  /** Wall time of the phase, ms. */
  ms: number;
}

interface TraceEvent {
  name: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

type Collected = { __longTasks: number[] };

/** Creates a playlist of `size` items through the API; catalogue tracks repeat to fill it. */
export async function makePlaylist(url: string, authorization: string, name: string, size: number): Promise<string> {
  const call = async <T>(path: string, method = 'GET', body?: unknown): Promise<T> => {
    const response = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const albums = await call<{ items: { id: string }[] }>('/albums?limit=50');
  const uris: string[] = [];
  for (const album of albums.items) {
    const tracks = await call<{ items: { uri: string }[] }>(`/albums/${album.id}/tracks?limit=50`);
    uris.push(...tracks.items.map((t) => t.uri));
  }
  const { id } = await call<{ id: string }>('/me/playlists', 'POST', { name });
  for (let i = 0; i < size; i += 100) {
    const chunk = Array.from({ length: Math.min(100, size - i) }, (_, j) => uris[(i + j) % uris.length]!);
    await call(`/playlists/${id}/tracks`, 'POST', { uris: chunk });
  }
  return id;
}

/** Starts collecting long tasks in the page (call once, after the page loaded). */
export async function observeLongTasks(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as Collected;
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
}

/**
 * Runs `action` and returns the long tasks it caused (reported up to half a second late),
 * and from a Chromium trace the CPU time of the main thread's slow tasks: on a shared
 * machine a task is "long" in wall time also when the thread was merely waiting for a core,
 * and the CPU time says how much of it was the player's own work.
 */
async function phase(page: Page, name: string, action: () => Promise<void>): Promise<Phase> {
  const browser = page.context().browser()!;
  await page.evaluate(() => ((window as unknown as Collected).__longTasks = []));
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const started = performance.now();
  await action();
  const ms = performance.now() - started;
  await page.waitForTimeout(500);
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  const tasks = await page.evaluate(() => (window as unknown as Collected).__longTasks);
  const mains = new Set(traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const cpu = traceEvents.filter((e) => e.name === 'RunTask' && mains.has(`${e.pid}:${e.tid}`) && (e.dur ?? 0) > 16_000).map((e) => (e.tdur ?? 0) / 1000);
  return { name, tasks, cpu, ms };
}

/**
 * Opens the playlist from the sidebar and scrolls it through: the mouse wheel, the keyboard
 * (PageDown, End, Home) and a fast drag of the scrollbar, down and up. Checks at the end of
 * each that the rows at the new place are rendered.
 */
export async function scrollPlaylist(page: Page, name: string, size: number): Promise<Phase[]> {
  const grid = page.getByRole('grid', { name: `Tracks of ${name}` });
  const rowShown = (index: number) => grid.locator(`[aria-rowindex="${index + 2}"]`).waitFor({ timeout: 5000 });
  const scrollTop = () => page.evaluate(() => document.getElementById('main')!.scrollTop);
  const phases: Phase[] = [];

  phases.push(
    await phase(page, 'open (sidebar click → rows)', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
      await rowShown(0);
    }),
  );
  await page.waitForTimeout(500);

  const box = (await grid.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, 500);
  phases.push(
    await phase(page, 'wheel (120 × 1500 px)', async () => {
      for (let i = 0; i < 120; i++) {
        await page.mouse.wheel(0, 1500);
        await page.waitForTimeout(16);
      }
      await rowShown(Math.floor((await scrollTop()) / 36));
    }),
  );

  phases.push(
    await phase(page, 'keyboard (40 × PageDown, End, Home, End)', async () => {
      await page.evaluate(() => document.getElementById('main')!.focus());
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('PageDown');
        await page.waitForTimeout(16);
      }
      await page.keyboard.press('End');
      await rowShown(size - 1);
      await page.keyboard.press('Home');
      await rowShown(0);
      await page.keyboard.press('End');
      await rowShown(size - 1);
    }),
  );

  phases.push(
    await phase(page, 'scrollbar drag (to the top and back, 0.3 s each)', async () => {
      const bar = await page.evaluate(() => {
        const main = document.getElementById('main')!;
        const rect = main.getBoundingClientRect();
        const width = main.offsetWidth - main.clientWidth;
        // Classic scrollbar: an arrow button (as tall as the bar is wide) at each end, the thumb between.
        const track = main.clientHeight - 2 * width;
        const thumb = Math.max(18, (main.clientHeight / main.scrollHeight) * track);
        const thumbTop = rect.top + width + (main.scrollTop / (main.scrollHeight - main.clientHeight)) * (track - thumb);
        return { x: rect.right - width / 2, top: rect.top + width, bottom: rect.bottom - width, y: thumbTop + thumb / 2, width, thumb };
      });
      if (bar.width === 0) throw new Error('no scrollbar to drag (is the browser hiding scrollbars?)');
      await page.mouse.move(bar.x, bar.y);
      await page.mouse.down();
      await page.mouse.move(bar.x, bar.top + bar.thumb / 2, { steps: 18 }); // ~60 fps for 0.3 s
      await page.mouse.up();
      if ((await scrollTop()) > 1000) throw new Error(`the drag missed the scrollbar's thumb (at ${bar.y} px?)`);
      await rowShown(0);
      await page.mouse.move(bar.x, bar.top + bar.thumb / 2);
      await page.mouse.down();
      await page.mouse.move(bar.x, bar.bottom - 2, { steps: 18 });
      await page.mouse.up();
      await rowShown(size - 1);
    }),
  );
  return phases;
}
