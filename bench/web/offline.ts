/// <reference lib="dom" />
/**
 * bench/web/offline: the web player offline (issue 18), headless Chromium, loopback.
 *   - making a playlist of N tracks (the five common formats in turn, real lengths) available
 *     offline: click → every track stored, against fetching the same streams in the page with
 *     nothing stored (the network's own cost: the baseline), both with the server's transcodes
 *     of over-cap FLAC already cached (the first, cold fetch is printed too);
 *   - offline click-to-sound: a real double-click on a row (click, 120 ms, click, dblclick)
 *     → `playing`, timed from the dblclick, with the server stopped (a proxy in front of it
 *     is switched off), against the same plays online from the server; rows are clicked out
 *     of order so no prefetch helps. Also the dblclick event alone (no first click to start
 *     loading on: the worst case, as the Enter key is).
 * Aims: offline click-to-sound p50 ≤ 30 ms.
 * Usage: node bench/web/offline.ts [--tracks 100] [--seconds 180] [--plays 30]
 */
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { signIn, startE2E } from '../../packages/web/test/browser.ts';
import { scanTracks } from '../../packages/web/test/library-fixture.ts';
import { markOffline } from '../../packages/web/test/offline-page.ts';
import { switchableProxy } from '../../packages/web/test/switchable-proxy.ts';

const { values } = parseArgs({
  options: { tracks: { type: 'string', default: '100' }, seconds: { type: 'string', default: '180' }, plays: { type: 'string', default: '30' } },
});
const count = Number(values.tracks);
const seconds = Number(values.seconds);
const plays = Number(values.plays);
const FORMATS = ['mp3v24', 'flac', 'aac', 'ogg', 'opus'] as const;
/** Between the two clicks of a double-click: people take 100–200 ms (systems accept up to 500). */
const DOUBLE_CLICK_MS = 120;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const e2e = await startE2E();
try {
  console.log(`generating ${count} tracks of ${seconds} s (${FORMATS.join(', ')} in turn)…`);
  await scanTracks(
    e2e.app,
    Array.from({ length: count }, (_, i) => ({
      title: `Song ${i + 1}`,
      artist: 'Bench Commuters',
      album: 'Rush Hour',
      seconds,
      format: FORMATS[i % FORMATS.length],
      noise: FORMATS[i % FORMATS.length] === 'flac',
      cover: 120,
    })),
  );
  const user = await e2e.app.makeUser({ username: 'bench', password: 'bench-password', product: 'premium' });
  const album = (await e2e.app.catalog.listAlbums('name', 10, 0)).items.find((a) => a.name === 'Rush Hour')!;
  const uris = (await e2e.app.catalog.albumTracks(album.id, count, 0)).items.map((t) => `runnel:track:${t.id}`);
  const created = await e2e.app.http.inject({ method: 'POST', url: '/api/v1/me/playlists', headers: user.auth, payload: { name: 'Underground' } });
  const playlistId = created.json().id as string;
  for (let i = 0; i < uris.length; i += 100)
    await e2e.app.http.inject({ method: 'POST', url: `/api/v1/playlists/${playlistId}/tracks`, headers: user.auth, payload: { uris: uris.slice(i, i + 100) } });

  const address = e2e.app.http.server.address();
  const proxy = await switchableProxy(typeof address === 'object' && address ? address.port : 0);
  const page = await (await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(page, proxy.url, 'bench', 'bench-password');
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 15_000 });

  // Baseline: the same streams (as the store asks them) fetched by the page with nothing stored, four at a time as the
  // store does: once cold (FLAC over the plan's cap is transcoded), once warm (the transcodes are cached).
  const ids = uris.map((u) => u.slice('runnel:track:'.length));
  const fetchAll = () =>
    page.evaluate(async (trackIds) => {
      const started = performance.now();
      let bytes = 0;
      let failed = 0;
      let next = 0;
      const worker = async () => {
        while (next < trackIds.length) {
          const response = await fetch(`/api/v1/tracks/${trackIds[next++]}/stream?codecs=opus,vorbis,aac,mp3,flac,alac,pcm`);
          // Read first, then add: `bytes += await …` would add to a stale total across the workers.
          const length = response.ok ? (await response.arrayBuffer()).byteLength : 0;
          bytes += length;
          if (!response.ok) failed += 1;
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
      return { ms: performance.now() - started, bytes, failed };
    }, ids);
  const cold = await fetchAll();
  const fetched = await fetchAll();
  const stored = await markOffline(page, `${proxy.url}/playlist/${playlistId}`, 'Underground');

  await page.goto(`${proxy.url}/playlist/${playlistId}`);
  await page.getByRole('heading', { name: 'Underground' }).waitFor();
  // Online plays of stored tracks come from storage too; the online baseline is a page that stores nothing.
  const online = await onlineBaseline();
  await proxy.stop();
  await page.reload();
  await page.getByRole('heading', { name: 'Underground' }).waitFor();
  const offline = await clickToSound(page, DOUBLE_CLICK_MS);
  const offlineBare = await clickToSound(page);

  console.log(`\nbench/web/offline — headless Chromium, loopback, ${count} tracks of ${seconds} s`);
  console.log(
    `make available offline: ${(stored.ms / 1000).toFixed(1)} s for ${stored.tracks} tracks, ${(stored.bytes / 1e6).toFixed(0)} MB` +
      `   (baseline, the same streams fetched by the page: ${(fetched.ms / 1000).toFixed(1)} s, ${(fetched.bytes / 1e6).toFixed(0)} MB → ${(stored.ms / fetched.ms).toFixed(2)}x)`,
  );
  console.log(
    `  the first fetch of those streams, transcodes not yet cached: ${(cold.ms / 1000).toFixed(1)} s, ${(cold.bytes / 1e6).toFixed(0)} MB; failed requests ${cold.failed + fetched.failed}`,
  );
  const ms = (plays: { ms: number }[]) => plays.map((p) => p.ms);
  const row = (name: string, xs: number[]) =>
    `${name.padEnd(36)} p50 ${percentile(xs, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(xs, 99).toFixed(1).padStart(6)} ms`;
  console.log(row('click-to-sound offline (stored)', ms(offline)));
  console.log(row('click-to-sound online (baseline)', ms(online)));
  console.log(row('offline, the dblclick event alone', ms(offlineBare)));
  for (const format of FORMATS) {
    const off = ms(offline.filter((p) => p.format === format));
    const on = ms(online.filter((p) => p.format === format));
    if (off.length && on.length)
      console.log(
        `  ${format.padEnd(8)} offline p50 ${percentile(off, 50).toFixed(1).padStart(5)} ms, online ${percentile(on, 50).toFixed(1).padStart(5)} ms (${off.length} plays)`,
      );
  }
  const share = (plays: Play[]) => {
    const started = plays.map((p) => p.loadstart).filter((ms) => !Number.isNaN(ms));
    return started.length ? `${percentile(started, 50).toFixed(1)} ms` : 'none (loading began at the first click)';
  };
  console.log(
    `  of which the player's own, click → the audio element loading: p50 ${share(offline)} offline, ${share(offlineBare)} for the dblclick alone, ${share(online)} online`,
  );
  const p50 = percentile(ms(offline), 50);
  console.log(`  offline / online p50: ${(p50 / percentile(ms(online), 50)).toFixed(2)}x; aim offline p50 ≤ 30 ms: ${p50 <= 30 ? 'met' : 'not met'}`);
  await proxy.start();

  /** The same plays, online, in a fresh context that has stored nothing. */
  async function onlineBaseline(): Promise<Play[]> {
    const fresh = await (await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await signIn(fresh, e2e.url, 'bench', 'bench-password');
    await fresh.goto(`${e2e.url}/playlist/${playlistId}`);
    await fresh.getByRole('heading', { name: 'Underground' }).waitFor();
    const result = await clickToSound(fresh, DOUBLE_CLICK_MS);
    await fresh.context().close();
    return result;
  }
} finally {
  await e2e.close();
}

interface Play {
  format: string;
  /** Double-click → `playing`. */
  ms: number;
  /** Double-click → the audio element's `loadstart` (the player's own share). */
  loadstart: number;
}

/**
 * Click-to-sound of `plays` rows out of order; each with the format of the song's file (the
 * fixture's order). Measured from the `dblclick` event; with `firstClickMs`, the row gets a
 * real double-click first (a click, that pause, the second click), as a mouse makes one.
 */
async function clickToSound(page: Page, firstClickMs: number | null = null): Promise<Play[]> {
  const rows = page.getByRole('row').filter({ hasText: /Song \d+/ });
  const total = await rows.count();
  const latencies: Play[] = [];
  for (let i = 0; i < plays; i++) {
    const index = (i * 7) % total;
    await rows.nth(index).scrollIntoViewIfNeeded();
    const song = Number(/Song (\d+)/.exec((await rows.nth(index).textContent()) ?? '')?.[1]);
    const timing = await page.evaluate(
      async ([rowIndex, gap]) => {
        const row = [...document.querySelectorAll('[role="row"]')].filter((r) => /Song \d+/.test(r.textContent ?? ''))[rowIndex]!;
        const click = (detail: number) => {
          for (const type of ['mousedown', 'mouseup', 'click']) row.dispatchEvent(new MouseEvent(type, { bubbles: true, detail }));
        };
        if (gap !== null) {
          click(1);
          await new Promise((r) => setTimeout(r, gap));
          click(2);
        }
        return new Promise<{ ms: number; loadstart: number }>((resolve) => {
          let loadstart = NaN;
          // The player's part ends where the audio element starts loading; the rest is the browser's media pipeline.
          const onLoadstart = () => (loadstart = performance.now() - start);
          const onPlaying = () => {
            document.removeEventListener('playing', onPlaying, true);
            document.removeEventListener('loadstart', onLoadstart, true);
            resolve({ ms: performance.now() - start, loadstart });
          };
          document.addEventListener('loadstart', onLoadstart, { capture: true, once: true });
          document.addEventListener('playing', onPlaying, true);
          const start = performance.now();
          row.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, detail: 2 }));
        });
      },
      [index, firstClickMs] as const,
    );
    latencies.push({ format: FORMATS[(song - 1) % FORMATS.length]!, ...timing });
    await page.waitForTimeout(200);
  }
  return latencies;
}
