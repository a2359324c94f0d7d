import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, [
    { title: 'Zebra', artist: 'Beach House', album: 'Teen Dream', seconds: 8 },
    { title: 'Silver Soul', artist: 'Beach House', album: 'Teen Dream', seconds: 8 },
    { title: 'Norway', artist: 'Beach House', album: 'Teen Dream', seconds: 8, format: 'flac' },
  ]);
  await e2e.app.makeUser({ username: 'listener', password: 'listener-pass' });
});
after(() => e2e.close());

test('an album track plays on double-click, the next one is fetched early and follows without a gap', async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const requests: { url: string; at: number }[] = [];
  page.on('request', (r) => r.url().includes('/stream') && requests.push({ url: r.url(), at: Date.now() }));
  await signIn(page, e2e.url, 'listener', 'listener-pass');
  await page.getByRole('link', { name: /Teen Dream/ }).click();
  await page.getByRole('heading', { name: 'Teen Dream' }).waitFor();
  // Watch the two audio elements: when one ends and the next starts playing.
  await page.evaluate(() => {
    const log: { type: string; src: string; at: number }[] = [];
    (window as unknown as { audioLog: typeof log }).audioLog = log;
    new MutationObserver(() => {
      for (const audio of document.querySelectorAll('audio')) {
        if (audio.dataset.watched) continue;
        audio.dataset.watched = '1';
        for (const type of ['ended', 'playing']) audio.addEventListener(type, () => log.push({ type, src: audio.src, at: Date.now() }));
      }
    }).observe(document.body, { childList: true });
    for (const audio of document.querySelectorAll('audio')) {
      audio.dataset.watched = '1';
      for (const type of ['ended', 'playing']) audio.addEventListener(type, () => log.push({ type, src: audio.src, at: Date.now() }));
    }
  });
  await page.getByRole('row', { name: /Zebra/ }).dblclick();
  await page.waitForFunction(() => [...document.querySelectorAll('audio')].some((a) => !a.paused && a.currentTime > 0.5));
  assert.equal(await page.getByTestId('np-title').innerText(), 'Zebra');
  await screenshot(page, 'album-playing');

  // Two hand-overs: Zebra to Silver Soul, then Silver Soul to Norway (FLAC).
  type Entry = { type: string; src: string; at: number };
  const audioLog = () => page.evaluate(() => (window as unknown as { audioLog: Entry[] }).audioLog);
  await page.waitForFunction(() => (window as unknown as { audioLog: Entry[] }).audioLog.filter((e) => e.type === 'ended').length >= 2, null, {
    timeout: 30_000,
  });
  await page.waitForFunction(() => (window as unknown as { audioLog: Entry[] }).audioLog.filter((e) => e.type === 'playing').length >= 3, null, {
    timeout: 5_000,
  });
  const log = await audioLog();
  const handOvers = log
    .filter((e) => e.type === 'ended')
    .slice(0, 2)
    .map((ended) => {
      const next = log.find((e) => e.type === 'playing' && e.at >= ended.at && e.src !== ended.src);
      assert.ok(next, JSON.stringify(log));
      const request = requests.find((r) => r.url === next.src);
      assert.ok(request && request.at < ended.at, 'the next track was requested before the current one ended');
      return { gap: next.at - ended.at, early: ended.at - request.at };
    });
  // The hand-over is gapless: the next element, prefetched, starts in the same turn. On a
  // loaded machine (CI runs four test files at once, each with a browser) one event can be
  // dispatched late, so the better of the two hand-overs is held to 100 ms, the other to a second.
  const gaps = handOvers.map((h) => h.gap);
  assert.ok(Math.min(...gaps) <= 100, `gaps between tracks ${gaps.join(' and ')} ms`);
  assert.ok(Math.max(...gaps) <= 1000, `gaps between tracks ${gaps.join(' and ')} ms`);
  assert.equal(await page.getByTestId('np-title').innerText(), 'Norway');
  const [gap, nextRequestEarly] = [gaps[0]!, handOvers[0]!.early];
  console.log(`# gaps between tracks: ${gaps.join(' and ')} ms; next track requested ${nextRequestEarly} ms before the end (first hand-over, gap ${gap} ms)`);
});
