import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

// Issue 21: the web player evens out loudness with ReplayGain. One album of three tracks
// tagged with their gains: an album gain of -2 dB for all, and track gains of +4, -8 and
// +9 dB (the last would clip at its peak of 0.5, so it stops at ×2).
const ALBUM_GAIN = 10 ** (-2 / 20);
const TRACKS = [
  { title: 'Soft', gain: 4, peak: 0.5, expected: 10 ** (4 / 20) },
  { title: 'Loud', gain: -8, peak: 0.95, expected: 10 ** (-8 / 20) },
  { title: 'Quiet', gain: 9, peak: 0.5, expected: 2 },
];
const trackGain = (title: string) => TRACKS.find((t) => t.title === title)!.expected;

let e2e: E2E;
let albumId = '';
let playlistId = '';
const ids = new Map<string, string>();
before(async () => {
  e2e = await startE2E();
  await scanTracks(
    e2e.app,
    TRACKS.map((t) => ({
      title: t.title,
      artist: 'Even',
      album: 'Levels',
      seconds: 15,
      format: 'flac' as const,
      tags: {
        REPLAYGAIN_TRACK_GAIN: `${t.gain} dB`,
        REPLAYGAIN_TRACK_PEAK: String(t.peak),
        REPLAYGAIN_ALBUM_GAIN: '-2 dB',
        REPLAYGAIN_ALBUM_PEAK: '0.95',
      },
    })),
  );
  const { me } = await e2e.app.makeUser({ username: 'listener', password: 'listener-pass' });
  albumId = (await e2e.app.catalog.listAlbums('name', 10, 0)).items.find((a) => a.name === 'Levels')!.id;
  const tracks = (await e2e.app.catalog.album(albumId)).tracks.items;
  for (const t of tracks) ids.set(t.name, t.id);
  playlistId = (await e2e.app.playlists.create(me.id, { name: 'Mixed' })).id;
  await e2e.app.playlists.add(
    playlistId,
    me.id,
    ['Loud', 'Quiet', 'Soft'].map((name) => tracks.find((t) => t.name === name)!.uri),
    undefined,
  );
});
after(() => e2e.close());

/** Goes to a path inside the player, as its own links do (no reload: what plays keeps playing). */
async function go(page: Page, path: string) {
  await page.evaluate((to) => {
    history.pushState(null, '', to);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

/**
 * The level `title` plays at, once it plays: volume × its loudness gain, as read back from
 * its audio element's volume and the Web Audio GainNode behind it (`data-level`).
 */
async function level(page: Page, title: string): Promise<number> {
  const id = ids.get(title)!;
  const handle = await page.waitForFunction(
    (stream) => {
      const audio = [...document.querySelectorAll('audio')].find((a) => a.src.includes(stream) && !a.paused && a.currentTime > 0.1);
      return audio?.dataset.level;
    },
    `/tracks/${id}/stream`,
    { timeout: 20_000 },
  );
  return Number(await handle.jsonValue());
}

/**
 * What reaches the speakers through Web Audio, measured: the test taps every connection to
 * the output with an AnalyserNode (browser instrumentation, not the player's code), and
 * reads the loudest one's RMS over its last 2,048 samples.
 */
const tapOutput = () => {
  const taps: AnalyserNode[] = [];
  const rms = (tap: AnalyserNode) => {
    const samples = new Float32Array(tap.fftSize);
    tap.getFloatTimeDomainData(samples);
    return Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / samples.length);
  };
  Object.assign(window, { outputRms: () => Math.max(0, ...taps.map(rms)) });
  // connect() is overloaded (to a node, to a param); the tap passes every call on as it came.
  const connect = AudioNode.prototype.connect as (this: AudioNode, ...args: unknown[]) => unknown;
  const tapped = function (this: AudioNode, ...args: unknown[]) {
    if (args[0] instanceof AudioDestinationNode) {
      const tap = this.context.createAnalyser();
      tap.fftSize = 2048;
      connect.call(this, tap);
      taps.push(tap);
    }
    return connect.apply(this, args);
  };
  AudioNode.prototype.connect = tapped as AudioNode['connect'];
};
const outputRms = (page: Page) => page.evaluate(() => (window as unknown as { outputRms: () => number }).outputRms());

const near = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-3, `${what}: ${actual}, not ${expected}`);
const near2 = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual / expected - 1) < 0.02, `${what}: ${actual}, not ${expected}`);
const nowPlaying = async (page: Page) => page.getByTestId('np-title').first().innerText();

test('an album in order plays at its album gain; shuffled or from a playlist each track at its own, never clipping; Off plays as recorded', async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(tapOutput);
  await signIn(page, e2e.url, 'listener', 'listener-pass');

  // (a) The album in order: the same album gain on every track, so their relative levels stay.
  await go(page, `/album/${albumId}`);
  await page.getByRole('row', { name: /Soft/ }).dblclick();
  near(await level(page, 'Soft'), ALBUM_GAIN, 'Soft, album in order');
  // Loud follows from its prefetch when Soft ends (the gapless path), at the same gain.
  await page.getByLabel('Seek').fill('13');
  near(await level(page, 'Loud'), ALBUM_GAIN, 'Loud, album in order');
  await page.getByRole('button', { name: 'Next' }).click();
  near(await level(page, 'Quiet'), ALBUM_GAIN, 'Quiet, album in order');

  // (b) The same album shuffled: each track its own track gain.
  await page.getByRole('button', { name: 'Shuffle' }).click();
  await page.getByRole('button', { name: 'Shuffle', pressed: true }).waitFor();
  await page.getByRole('row', { name: /Soft/ }).dblclick();
  near(await level(page, 'Soft'), trackGain('Soft'), 'Soft, shuffled');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="np-title"]')?.textContent !== 'Soft');
  const second = await nowPlaying(page);
  near(await level(page, second), trackGain(second), `${second}, shuffled`);
  await page.getByRole('button', { name: 'Shuffle' }).click();
  await page.getByRole('button', { name: 'Shuffle', pressed: false }).waitFor();

  // (b, c) From a playlist: own track gains; Quiet's +9 dB stops where its peak reaches full scale.
  await go(page, `/playlist/${playlistId}`);
  await page.getByRole('row', { name: /Loud/ }).dblclick();
  near(await level(page, 'Loud'), trackGain('Loud'), 'Loud, from a playlist');
  await page.getByRole('button', { name: 'Next' }).click();
  const quiet = await level(page, 'Quiet');
  near(quiet, 2, 'Quiet, from a playlist (capped)');
  assert.ok(quiet * 0.5 <= 1 + 1e-6, 'gain × peak ≤ 1');
  // Heard: the output through the GainNode, against the same track at gain 1 below.
  await page.waitForFunction(() => (window as unknown as { outputRms: () => number }).outputRms() > 0);
  await page.waitForTimeout(100); // a full analyser window (2,048 samples) at this level
  const boosted = await outputRms(page);
  console.log(`# Quiet's output RMS at ×2: ${boosted.toFixed(4)}`);
  // The volume slider still works on top: half the volume, half the level.
  await page.getByLabel('Volume').fill('50');
  await page.waitForFunction(() => [...document.querySelectorAll('audio')].some((a) => !a.paused && a.dataset.level === '1'));
  await page.waitForTimeout(100);
  near2(await outputRms(page), boosted / 2, 'Quiet’s output at half the volume');
  await page.getByLabel('Volume').fill('100');

  // (d) Off: at once on the track playing, then every track as recorded; kept on this device.
  await go(page, '/settings');
  const choice = page.getByLabel('Even out loudness on this device');
  assert.equal(await choice.inputValue(), 'auto', 'automatic unless chosen');
  await choice.selectOption('off');
  near(await level(page, 'Quiet'), 1, 'Quiet, normalisation off');
  await page.waitForTimeout(100);
  near2(await outputRms(page), boosted / 2, 'Quiet’s output, normalisation off');
  await go(page, `/album/${albumId}`);
  await page.getByRole('row', { name: /Loud/ }).dblclick();
  near(await level(page, 'Loud'), 1, 'Loud, normalisation off');
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.reload();
  await go(page, '/settings');
  assert.equal(await page.getByLabel('Even out loudness on this device').inputValue(), 'off', 'kept after a reload');
  await page.getByRole('heading', { name: 'Volume normalisation' }).evaluate((h) => h.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'settings-normalisation');
  await page.close();
});
