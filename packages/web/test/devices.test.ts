import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { PlaybackState } from '@runnel/api';
import { gmediarenderMissing, startGmediarender } from '../../server/src/devices/renderers/testing.ts';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, [
    { title: 'Kitchen One', artist: 'The Rooms', album: 'House', seconds: 30, format: 'mp3v24' },
    { title: 'Kitchen Two', artist: 'The Rooms', album: 'House', seconds: 30, format: 'flac' },
    { title: 'Kitchen Three', artist: 'The Rooms', album: 'House', seconds: 30, format: 'opus' },
  ]);
  await e2e.app.makeUser({ username: 'twoplaces', password: 'two-places' });
});
after(() => e2e.close());

/** The audio element that plays in a page, its position and volume (null: none plays). */
const audible = (page: Page) =>
  page.evaluate(() => {
    const a = [...document.querySelectorAll<HTMLAudioElement>('audio[data-runnel-audio]')].find((e) => !e.paused);
    return a ? { at: a.currentTime, volume: a.volume, src: a.src } : null;
  });

/** Records, in the page, where each of its audio elements paused and where it started playing. */
const watchAudio = (page: Page) =>
  page.evaluate(() => {
    const seen: { kind: string; at: number }[] = [];
    (window as unknown as { audioLog: typeof seen }).audioLog = seen;
    for (const a of document.querySelectorAll<HTMLAudioElement>('audio[data-runnel-audio]')) {
      a.addEventListener('pause', () => seen.push({ kind: 'pause', at: a.currentTime }));
      a.addEventListener('playing', () => seen.push({ kind: 'playing', at: a.currentTime }));
    }
  });
const audioLog = (page: Page) => page.evaluate(() => (window as unknown as { audioLog: { kind: string; at: number }[] }).audioLog);

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * p) - 1]!;
const p95 = (values: number[]) => percentile(values, 0.95);

test('two browsers of one user: B takes playback over from A at its position; A controls B live', async (ctx) => {
  const a = await (await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const b = await (await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(a, e2e.url, 'twoplaces', 'two-places');
  await signIn(b, e2e.url, 'twoplaces', 'two-places');

  // A plays the album.
  await a.getByRole('link', { name: /House/ }).first().click();
  await a.getByRole('row', { name: /Kitchen One/ }).dblclick();
  await a.waitForFunction(() => [...document.querySelectorAll('audio')].some((e) => !e.paused && e.currentTime > 3));
  await watchAudio(a);
  await watchAudio(b);

  // B: "Play on…" lists both browsers; B picks itself.
  await b.getByRole('button', { name: /Connect to a device/i }).click();
  const list = b.getByRole('dialog', { name: 'Play on' });
  await list.getByRole('button', { name: /This browser/ }).waitFor();
  await list.getByRole('button', { name: /Playing/ }).waitFor();
  assert.equal(await list.getByRole('listitem').count(), 2, 'both browsers are devices');
  await screenshot(b, 'devices-picker');
  await list.getByRole('button', { name: /This browser/ }).click();

  await b.waitForFunction(() => (window as unknown as { audioLog: { kind: string }[] }).audioLog.some((e) => e.kind === 'playing'));
  await a.getByTestId('np-remote').waitFor();
  const stoppedAt = (await audioLog(a)).filter((e) => e.kind === 'pause').at(-1)!.at;
  const startedAt = (await audioLog(b)).find((e) => e.kind === 'playing')!.at;
  ctx.diagnostic(`A stopped at ${stoppedAt.toFixed(3)} s; B started at ${startedAt.toFixed(3)} s: ${Math.round((startedAt - stoppedAt) * 1000)} ms apart`);
  assert.ok(Math.abs(startedAt - stoppedAt) <= 0.25, 'B plays from where A stopped, ±250 ms');
  assert.equal(await audible(a), null, 'A is silent');
  assert.match(await a.getByTestId('np-remote').innerText(), /Playing on Chrome on Linux/);
  assert.equal(await a.getByTestId('np-title').innerText(), 'Kitchen One');
  await screenshot(a, 'devices-remote-bar');

  // From A: each command, timed in A's page from the click (or call) to A showing the new state.
  const timings: number[] = [];
  const byKind: Record<string, number[]> = {};
  const timed = (kind: string, ms: number) => (timings.push(ms), (byKind[kind] ??= []).push(ms));
  const clickUntil = async (button: string, until: string) => {
    const ms = await a.evaluate(
      ([label, want]) =>
        new Promise<number>((resolve, reject) => {
          const start = performance.now();
          const bar = document.querySelector('footer.now-playing')!;
          const done = () => bar.querySelector(`button[aria-label="${want}"]`) && (observer.disconnect(), resolve(performance.now() - start));
          const observer = new MutationObserver(done);
          observer.observe(bar, { subtree: true, attributes: true, childList: true, characterData: true });
          (bar.querySelector(`button[aria-label="${label}"]`) as HTMLButtonElement).click();
          setTimeout(() => reject(new Error(`${want} not shown within 3 s`)), 3000);
        }),
      [button, until] as const,
    );
    timed(button, ms);
  };
  for (let i = 0; i < 10; i++) {
    await clickUntil('Pause', 'Play');
    assert.equal(await audible(b), null, 'B paused');
    await clickUntil('Play', 'Pause');
    assert.ok(await audible(b), 'B plays again');
  }

  // Seek, volume and next from A's bar too, each timed in A's page until A shows the state B reports back.
  const setSlider = (label: string, value: number, shows: string) =>
    a.evaluate(
      ([label, value, shows]) =>
        new Promise<number>((resolve, reject) => {
          const bar = document.querySelector('footer.now-playing')!;
          const slider = bar.querySelector<HTMLInputElement>(`input[aria-label="${label}"]`)!;
          const shown = () => (label === 'Seek' ? bar.querySelector('[data-testid="np-elapsed"]')!.textContent : slider.value);
          const start = performance.now();
          // As a hand on the slider does: React hears the input event and sends the command.
          Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(slider, String(value));
          slider.dispatchEvent(new Event('input', { bubbles: true }));
          // The slider shows the device's state, not the hand's value, until B reports the change.
          if (shown() === shows) return reject(new Error(`${label} showed ${shows} before the device answered`));
          const poll = setInterval(() => shown() === shows && (clearInterval(poll), resolve(performance.now() - start)), 2);
          setTimeout(() => (clearInterval(poll), reject(new Error(`${label} did not show ${shows} within 3 s (${shown()})`))), 3000);
        }),
      [label, value, shows] as const,
    );
  for (let i = 0; i < 10; i++) {
    timed('Seek', await setSlider('Seek', 20 - i, `0:${20 - i}`));
    await a.waitForTimeout(160); // a dragged slider sends one value per 150 ms: this is a new change, not the same drag
    timed('Volume', await setSlider('Volume', 40 + i, String(40 + i)));
  }
  const seekedTo = (await audible(b))!.at;
  assert.ok(seekedTo >= 11 && seekedTo < 13.5, `B seeked to ${seekedTo} s`);
  assert.equal((await audible(b))!.volume.toFixed(2), '0.49');
  for (const title of ['Kitchen Two', 'Kitchen Three']) {
    timed(
      'Next',
      await a.evaluate(
        (want) =>
          new Promise<number>((resolve, reject) => {
            const bar = document.querySelector('footer.now-playing')!;
            const start = performance.now();
            (bar.querySelector('button[aria-label="Next"]') as HTMLButtonElement).click();
            const poll = setInterval(
              () => bar.querySelector('[data-testid="np-title"]')!.textContent === want && (clearInterval(poll), resolve(performance.now() - start)),
              2,
            );
            setTimeout(() => (clearInterval(poll), reject(new Error(`${want} not shown within 3 s`))), 3000);
          }),
        title,
      ),
    );
  }
  await b.waitForFunction(() => document.title.startsWith('Kitchen Three'));
  // Shuffle and repeat in A's bar are B's.
  const bar = a.getByRole('contentinfo', { name: 'Now playing' });
  await bar.getByRole('button', { name: 'Shuffle' }).click();
  await bar.getByRole('button', { name: 'Shuffle', pressed: true }).waitFor();
  await bar.getByRole('button', { name: 'Repeat: off' }).click();
  await bar.getByRole('button', { name: 'Repeat: all' }).waitFor();
  const token = (await e2e.app.accounts.login('twoplaces', 'two-places', '127.0.0.9', 'test')).access_token;
  const after = (await (await fetch(`${e2e.url}/api/v1/me/player`, { headers: { authorization: `Bearer ${token}` } })).json()) as PlaybackState;
  assert.deepEqual([after.device.name, after.shuffle_state, after.repeat_state], ['Chrome on Linux', true, 'context']);
  assert.equal(after.device.id, await b.evaluate(() => sessionStorage.getItem('runnel.device')), 'on B');
  ctx.diagnostic(
    `command → state: p50 ${percentile(timings, 0.5).toFixed(1)} ms, p95 ${p95(timings).toFixed(1)} ms over ${timings.length} commands (max ${Math.max(...timings).toFixed(1)} ms); ${Object.entries(
      byKind,
    )
      .map(([kind, ms]) => `${kind} p50 ${percentile(ms, 0.5).toFixed(1)} ms`)
      .join(', ')}`,
  );
  assert.ok(
    p95(timings) <= 200,
    `p95 command → state ${p95(timings).toFixed(1)} ms; all: ${[...timings]
      .sort((x, y) => x - y)
      .map(Math.round)
      .join(' ')}`,
  );
});

const missing = gmediarenderMissing();
// Skipped with the reason on a developer's machine without gmediarender; CI installs it, so there it fails.
test(
  'a speaker on the network is added from "Play on…" and playback moves to it',
  { skip: missing && !process.env.CI ? `skipped: ${missing}` : false },
  async (ctx) => {
    if (missing) throw new Error(`CI must run this test: ${missing}`);
    const renderer = await startGmediarender('Living Room');
    try {
      const page = await (await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      await e2e.app.makeUser({ username: 'speakers', password: 'living-room' });
      await signIn(page, e2e.url, 'speakers', 'living-room');
      await page.getByRole('link', { name: /House/ }).first().click();
      await page.getByRole('row', { name: /Kitchen Two/ }).dblclick();
      await page.waitForFunction(() => [...document.querySelectorAll('audio')].some((e) => !e.paused && e.currentTime > 1));

      await page.getByRole('button', { name: /Connect to a device/i }).click();
      const list = page.getByRole('dialog', { name: 'Play on' });
      await list.getByRole('button', { name: 'Add a speaker on your network…' }).click();
      await list.getByLabel('Speaker description address').fill(renderer.url);
      await list.getByRole('button', { name: 'Add', exact: true }).last().click();
      // It joins the list at once.
      const speaker = list.getByRole('button', { name: /Living Room/ });
      await speaker.waitFor({ timeout: 5000 }).catch(async (e: Error) => {
        await screenshot(page, 'devices-speaker-missing');
        throw e;
      });
      await screenshot(page, 'devices-speaker');
      const start = performance.now();
      await speaker.click();
      await page.getByTestId('np-remote').filter({ hasText: 'Playing on Living Room' }).waitFor();
      await page.waitForFunction(() => ![...document.querySelectorAll('audio')].some((e) => !e.paused), null, { timeout: 5000 });
      // The renderer reports its position back: the bar's clock moves on.
      const token = (await e2e.app.accounts.login('speakers', 'living-room', '127.0.0.9', 'test')).access_token;
      const state = async () => (await (await fetch(`${e2e.url}/api/v1/me/player`, { headers: { authorization: `Bearer ${token}` } })).json()) as PlaybackState;
      for (let i = 0; i < 50 && !(await state()).is_playing; i++) await new Promise((r) => setTimeout(r, 100));
      ctx.diagnostic(`chosen → the speaker playing: ${Math.round(performance.now() - start)} ms`);
      const first = await state();
      assert.equal(first.device.name, 'Living Room');
      assert.equal(first.item && 'name' in first.item ? first.item.name : null, 'Kitchen Two');
      await new Promise((r) => setTimeout(r, 2500));
      const later = await state();
      assert.ok(later.progress_ms - first.progress_ms > 1000, `position ${first.progress_ms} → ${later.progress_ms} ms`);
      await page.getByRole('contentinfo', { name: 'Now playing' }).getByRole('button', { name: 'Pause' }).click();
      for (let i = 0; i < 30 && (await state()).is_playing; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal((await state()).is_playing, false, 'paused from the web player');
    } finally {
      await renderer.stop();
    }
  },
);
