import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { generateAudio } from '../../server/src/streaming/testing.ts';
import { screenshot, signedIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

let e2e: E2E;
let dir: string;
let adId: string;
const AD_TITLE = 'Runnel Premium: no ads';

before(async () => {
  e2e = await startE2E();
  dir = mkdtempSync(join(tmpdir(), 'runnel-ads-e2e-'));
  await scanTracks(e2e.app, [
    { title: 'One', artist: 'The Breaks', album: 'Ad Time', seconds: 3 },
    { title: 'Two', artist: 'The Breaks', album: 'Ad Time', seconds: 3 },
    { title: 'Three', artist: 'The Breaks', album: 'Ad Time', seconds: 3 },
    { title: 'Four', artist: 'The Breaks', album: 'Ad Time', seconds: 3 },
    { title: 'Five', artist: 'The Breaks', album: 'Ad Time', seconds: 3 },
  ]);
  await e2e.app.makeUser({ username: 'free', password: 'free-listener' });
  await e2e.app.makeUser({ username: 'paid', password: 'paid-listener', product: 'premium' });
  const ad = await e2e.app.ads.create({ title: AD_TITLE, click_url: 'https://example.org/premium' });
  adId = ad.id;
  await e2e.app.ads.putAudio(adId, readFileSync(await generateAudio(join(dir, 'ad.wav'), 'noise', 4, ['-c:a', 'pcm_s16le'])));
  await e2e.app.ads.putBanner(
    adId,
    await sharp({ create: { width: 1456, height: 180, channels: 3, background: '#1db954' } })
      .png()
      .toBuffer(),
  );
  await e2e.app.plans.update('free', { ad_every_tracks: 2, ad_every_minutes: null });
});
after(async () => {
  await e2e.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Notes every audio element's `playing` and `ended`, with the time, in window.audioLog. */
async function watchAudio(page: Page) {
  await page.evaluate(() => {
    const log: { type: string; src: string; at: number }[] = [];
    (window as unknown as { audioLog: typeof log }).audioLog = log;
    const watch = (audio: HTMLAudioElement) => {
      if (audio.dataset.watched) return;
      audio.dataset.watched = '1';
      for (const type of ['ended', 'playing']) audio.addEventListener(type, () => log.push({ type, src: audio.src, at: performance.now() }));
    };
    new MutationObserver(() => document.querySelectorAll('audio').forEach(watch)).observe(document.body, { childList: true });
    document.querySelectorAll('audio').forEach(watch);
  });
}
type Entry = { type: string; src: string; at: number };
const audioLog = (page: Page) => page.evaluate(() => (window as unknown as { audioLog: Entry[] }).audioLog);

async function playAlbum(page: Page) {
  await page
    .getByRole('link', { name: /Ad Time/ })
    .first()
    .click();
  await page.getByRole('heading', { name: 'Ad Time' }).waitFor();
  await watchAudio(page);
  await page.getByRole('row', { name: /One/ }).dblclick();
}

test('a free listener hears an ad break after two tracks: banner, no skipping, then the music goes on', async () => {
  const page = await signedIn(e2e, 'free', 'free-listener');
  await playAlbum(page);
  const slot = page.getByTestId('ad-slot');
  await slot.waitFor({ timeout: 20_000 });
  assert.equal(await page.getByTestId('np-title').innerText(), AD_TITLE);
  assert.ok(await page.getByRole('button', { name: 'Next' }).isDisabled(), 'skip is refused during the ad');
  assert.ok(await page.getByRole('slider', { name: 'Seek' }).isDisabled(), 'and seeking');
  const banner = slot.getByRole('img', { name: AD_TITLE });
  await banner.waitFor();
  assert.equal(await slot.getByRole('link').getAttribute('href'), 'https://example.org/premium');
  assert.equal(await slot.getByRole('link').getAttribute('target'), '_blank');
  await page.waitForFunction(() => [...document.querySelectorAll('img')].some((i) => i.alt.startsWith('Runnel Premium') && i.naturalWidth > 0));
  await screenshot(page, 'ad-break');
  await page.keyboard.press('Shift+ArrowRight').catch(() => {});
  await slot.waitFor({ state: 'detached', timeout: 15_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="np-title"]')?.textContent === 'Three');
  // The ad was heard to the end: one impression, reported by the player.
  for (let i = 0; i < 50 && (await e2e.app.ads.list())[0]!.impressions < 1; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal((await e2e.app.ads.list())[0]!.impressions, 1);
  const log = await audioLog(page);
  // The ad element lets go of its source as it ends, so its `ended` is the first after its `playing`.
  const adPlaying = log.find((e) => e.type === 'playing' && e.src.includes(`/ads/${adId}/audio`));
  const adEnded = log.find((e) => e.type === 'ended' && adPlaying && e.at > adPlaying.at);
  const music = log.find((e) => e.type === 'playing' && adEnded && e.at >= adEnded.at && e.src.includes('/stream'));
  assert.ok(adEnded && music, JSON.stringify(log));
  console.log(`# ad end → music start: ${(music.at - adEnded.at).toFixed(1)} ms`);
  assert.ok(music.at - adEnded.at < 1000, `the music follows the ad at once (${music.at - adEnded.at} ms)`);
  await page.close();
});

test('a premium listener never gets one', async () => {
  const page = await signedIn(e2e, 'paid', 'paid-listener');
  await playAlbum(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="np-title"]')?.textContent === 'Four', null, { timeout: 20_000 });
  assert.equal(await page.getByTestId('ad-slot').count(), 0);
  assert.ok(!(await audioLog(page)).some((e) => e.src.includes('/ads/')), 'no ad audio was even loaded');
  await page.close();
});

test('skips over the plan’s limit are refused with a message; switching the listener to Premium lifts it in the open player', async () => {
  await e2e.app.plans.update('free', { skips_per_hour: 1, ad_every_tracks: null });
  const page = await signedIn(e2e, 'free', 'free-listener');
  await playAlbum(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="np-title"]')?.textContent === 'One');
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="np-title"]')?.textContent === 'Two');
  await page.getByRole('button', { name: 'Next' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: /used your 1 skips for this hour\. Premium has unlimited skips/ })
    .waitFor();
  assert.equal(await page.getByTestId('np-title').innerText(), 'Two', 'the skip was refused');
  await screenshot(page, 'skip-limit');
  const free = (await e2e.app.accounts.userByName('free'))!;
  await e2e.app.accounts.updateUser(free.id, { product: 'premium' });
  // The open player hears of the change and stops asking: the next skip goes through.
  for (let i = 0; i < 50; i++) {
    await page.getByRole('button', { name: 'Next' }).click();
    if ((await page.getByTestId('np-title').innerText()) === 'Three') break;
    await page.waitForTimeout(100);
  }
  assert.equal(await page.getByTestId('np-title').innerText(), 'Three');
  await page.getByRole('button', { name: 'Pause' }).click();
  await e2e.app.accounts.updateUser(free.id, { product: 'free' });
  await e2e.app.plans.update('free', { skips_per_hour: null });
  // A monthly listening limit, used up: the player stops and says why, rather than skipping through the queue.
  await e2e.app.plans.update('free', { monthly_listening_hours: 1 });
  await e2e.app.plans.listened(free.id, 3_600_000);
  await page.getByRole('row', { name: /Five/ }).dblclick(); // never loaded in this page: the server is asked
  await page
    .getByRole('status')
    .filter({ hasText: 'You have listened for the 1 hour Free allows this month.' })
    .waitFor({ timeout: 10_000 })
    .catch(async (error: Error) => {
      await screenshot(page, 'listening-limit-failed');
      throw error;
    });
  assert.equal(await page.getByLabel('Now playing').getByRole('button', { name: 'Play' }).count(), 1, 'stopped');
  await e2e.app.plans.update('free', { monthly_listening_hours: null, ad_every_tracks: 4, ad_every_minutes: 15 });
  await page.close();
});

test('an administrator makes an ad and sets the Free plan in the admin view', async () => {
  await e2e.app.makeUser({ username: 'boss', password: 'boss-password', role: 'admin', product: 'premium' });
  const page = await signedIn(e2e, 'boss', 'boss-password');
  await page.goto(`${e2e.url}/admin`);
  await page.getByRole('heading', { name: 'Plans' }).waitFor();
  await page.getByRole('combobox', { name: 'Free highest quality' }).selectOption('128');
  for (let i = 0; i < 50 && (await e2e.app.plans.get('free')).max_bitrate !== 128; i++) await page.waitForTimeout(100);
  assert.equal((await e2e.app.plans.get('free')).max_bitrate, 128);
  await page.getByRole('textbox', { name: 'Ad title' }).fill('Summer concert');
  await page.getByRole('textbox', { name: 'Ad link' }).fill('https://example.org/concert');
  await page.getByRole('button', { name: 'New ad' }).click();
  await page.getByLabel('Audio of Summer concert').waitFor({ state: 'attached' });
  const audio = await generateAudio(join(dir, 'concert.mp3'), 'tone', 5, ['-c:a', 'libmp3lame']);
  await page.getByLabel('Audio of Summer concert').setInputFiles(audio);
  const status = page.getByRole('status').filter({ hasText: /“Summer concert”:/ });
  await status.waitFor({ timeout: 30_000 });
  assert.match(await status.innerText(), /“Summer concert”: 0:05 at -1[345](\.\d)? LUFS/);
  const png = join(dir, 'concert.png');
  await sharp({ create: { width: 970, height: 250, channels: 3, background: '#ff5500' } })
    .png()
    .toFile(png);
  await page.getByLabel('Banner of Summer concert').setInputFiles(png);
  await page.getByRole('cell', { name: /^698×180/ }).waitFor();
  await screenshot(page, 'admin-ads');
  const made = (await e2e.app.ads.list()).find((a) => a.title === 'Summer concert')!;
  assert.equal(made.running, true);
  // The concert is over: the ad stops running on the day set.
  await page.getByLabel('Summer concert runs until').fill('2020-01-31');
  await page.getByText('not running').first().waitFor();
  const ended = (await e2e.app.ads.list()).find((a) => a.title === 'Summer concert')!;
  assert.deepEqual([ended.ends_at, ended.running], ['2020-01-31T00:00:00.000Z', false]);
  await e2e.app.plans.update('free', { max_bitrate: 160 });
  await page.close();
});
