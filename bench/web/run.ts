/// <reference lib="dom" />
/**
 * bench/web: what a listener feels in the web player, in headless Chromium against the real
 * server on loopback.
 *   - click-to-sound: double-click on a track row → the audio element's `playing` event,
 *     p50/p99 over N plays, for originals and for uncached transcodes (FLAC at 160 kbps);
 *     rows are clicked out of order so the prefetch of the next track does not help;
 *   - JavaScript shipped for the first view, gzipped as sent;
 *   - long tasks (> 50 ms on the main thread) while a 10,000-track playlist opens and is
 *     scrolled through by wheel, keyboard and a fast scrollbar drag (aim: none);
 * Baseline: Spotify's desktop client in 2010, median 265 ms click-to-sound (Kreitz & Niemelä).
 * Usage: node bench/web/run.ts [--plays 30] [--playlist 10000]
 */
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { signIn, startE2E } from '../../packages/web/test/browser.ts';
import { scanTracks } from '../../packages/web/test/library-fixture.ts';
import { makePlaylist, observeLongTasks, scrollPlaylist } from './scroll.ts';

const { values } = parseArgs({ options: { plays: { type: 'string', default: '30' }, playlist: { type: 'string', default: '10000' } } });
const plays = Number(values.plays);
const playlistSize = Number(values.playlist);
const e2e = await startE2E({ scrollbars: true });

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function clickToSound(page: Page, album: string): Promise<number[]> {
  await page
    .getByRole('link', { name: new RegExp(album) })
    .first()
    .click();
  await page.getByRole('heading', { name: album }).waitFor();
  const rows = page.getByRole('row').filter({ hasText: /Track \d+/ });
  const count = await rows.count();
  const latencies: number[] = [];
  for (let i = 0; i < plays; i++) {
    const index = (i * 7) % count; // out of order: never the prefetched next track
    const row = rows.nth(index);
    await row.scrollIntoViewIfNeeded();
    const ms = await page.evaluate(async (rowIndex) => {
      const row = [...document.querySelectorAll('[role="row"]')].filter((r) => /Track \d+/.test(r.textContent ?? ''))[rowIndex]!;
      return new Promise<number>((resolve) => {
        const onPlaying = (event: Event) => {
          const audio = event.target as HTMLAudioElement;
          if (!audio.src.includes('/stream')) return;
          document.removeEventListener('playing', onPlaying, true);
          resolve(performance.now() - start);
        };
        document.addEventListener('playing', onPlaying, true);
        const start = performance.now();
        row.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
      });
    }, index);
    latencies.push(ms);
    await page.waitForTimeout(300);
  }
  await page.goBack();
  return latencies;
}

try {
  const tracks = (album: string, format: 'mp3v24' | 'flac', artist: string) =>
    Array.from({ length: 30 }, (_, i) => ({ title: `Track ${i + 1}`, artist, album, seconds: 40, format, noise: format === 'flac' }));
  console.log('generating 60 tracks…');
  await scanTracks(e2e.app, [...tracks('Originals', 'mp3v24', 'Bench Band'), ...tracks('Lossless', 'flac', 'Bench Quartet')]);
  const user = await e2e.app.makeUser({ username: 'bench', password: 'bench-password', product: 'premium' });
  const made = performance.now();
  await makePlaylist(e2e.url, user.auth.authorization, 'Ten thousand', playlistSize);
  console.log(`playlist of ${playlistSize} items made through the API in ${((performance.now() - made) / 1000).toFixed(1)} s`);

  const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const scripts: number[] = [];
  page.on('requestfinished', async (request) => {
    if (request.resourceType() === 'script') scripts.push((await request.sizes()).responseBodySize);
  });
  await signIn(page, e2e.url, 'bench', 'bench-password');
  const firstViewJs = scripts.reduce((a, b) => a + b, 0);

  const originals = await clickToSound(page, 'Originals');
  await page.evaluate(() => localStorage.setItem('runnel.quality', 'normal'));
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  const spawnedBefore = e2e.app.streaming.stats().spawned;
  const transcodes = await clickToSound(page, 'Lossless');
  const spawned = e2e.app.streaming.stats().spawned - spawnedBefore;

  await observeLongTasks(page);
  const phases = await scrollPlaylist(page, 'Ten thousand', playlistSize);

  const row = (name: string, xs: number[]) =>
    `${name.padEnd(34)} p50 ${percentile(xs, 50).toFixed(0).padStart(4)} ms   p99 ${percentile(xs, 99).toFixed(0).padStart(4)} ms   (${xs.length} plays; Spotify 2010 median 265 ms → ${(265 / percentile(xs, 50)).toFixed(1)}x faster)`;
  console.log(`\nbench/web — headless Chromium, loopback, ${plays} plays each`);
  console.log(row('click-to-sound, originals', originals));
  console.log(row('click-to-sound, uncached transcodes', transcodes));
  console.log(
    `  (ffmpeg processes started during the transcode plays: ${spawned}; every play a fresh transcode: ${spawned >= Math.min(plays, 30) ? 'yes' : 'no'})`,
  );
  console.log(`JavaScript for the first view: ${(firstViewJs / 1024).toFixed(1)} KB as sent (gzip) — aim <= 250 KB`);
  console.log(`long tasks, ${playlistSize}-track playlist (aim: none while scrolling):`);
  const max = (xs: number[]) => (xs.length ? Math.max(...xs).toFixed(0) : '—').padStart(4);
  for (const p of phases) {
    console.log(
      `  ${p.name.padEnd(50)} ${String(p.tasks.length).padStart(3)} long tasks, max ${max(p.tasks)} ms; most CPU in one slow task ${max(p.cpu)} ms  (phase ${p.ms.toFixed(0)} ms)`,
    );
  }
  const scrolling = phases.slice(1);
  const all = (pick: (p: (typeof phases)[number]) => number[]) => scrolling.flatMap(pick);
  console.log(
    `  scrolling in all: ${all((p) => p.tasks).length} long tasks, max ${max(all((p) => p.tasks)).trim()} ms wall; main-thread tasks over 50 ms of CPU: ${all((p) => p.cpu).filter((ms) => ms > 50).length}, slowest ${max(all((p) => p.cpu)).trim()} ms CPU`,
  );
} finally {
  await e2e.close();
}
