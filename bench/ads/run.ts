/// <reference lib="dom" />
/**
 * bench/ads: what a free listener hears around an ad break in the web player, in headless
 * Chromium against the real server on loopback.
 *   - ad end → music start: the ad's `ended` to the next track's `playing`, p50/p95 over
 *     N breaks (aim: p95 ≤ 300 ms); and music end → ad start;
 *   - baseline, same run: track → track for a premium listener on the same album (the
 *     gapless hand-over with no ad), and the ratio;
 *   - loudness: ads uploaded in every common format (MP3, FLAC, M4A/AAC, Ogg, Opus, WAV),
 *     quiet and loud, measured as listeners get them (fetched over HTTP) with ffmpeg's
 *     ebur128; aim: within ±1 LU of the −14 LUFS target. Baseline: the uploads' own spread.
 * Tracks cycle through MP3, FLAC, AAC, Ogg and Opus.
 * Usage: node bench/ads/run.ts [--breaks 15]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { LOUDNESS_TARGET_LUFS } from '../../packages/server/src/ads/service.ts';
import { requireTool } from '../../packages/server/src/tools/tools.ts';
import { signedIn, startE2E } from '../../packages/web/test/browser.ts';
import { scanTracks } from '../../packages/web/test/library-fixture.ts';

const run = promisify(execFile);
const { values } = parseArgs({ options: { breaks: { type: 'string', default: '15' } } });
const breaks = Number(values.breaks);
const dir = mkdtempSync(join(tmpdir(), 'runnel-bench-ads-'));
const ffmpeg = requireTool('ffmpeg');
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const fixed = (x: number) => x.toFixed(1);

async function loudness(path: string): Promise<number> {
  const { stderr } = await run(ffmpeg, ['-hide_banner', '-nostats', '-i', path, '-af', 'ebur128', '-f', 'null', '-']);
  return Number(/Integrated loudness:\s+I:\s+(-?[\d.]+) LUFS/.exec(stderr)![1]);
}

console.log(`# bench/ads, ${new Date().toISOString()}, load ${loadavg().map(fixed).join(' ')}`);
const e2e = await startE2E();
const formats = ['mp3v24', 'flac', 'aac', 'ogg', 'opus'] as const;
await scanTracks(
  e2e.app,
  Array.from({ length: breaks + 1 }, (_, i) => ({
    title: `Track ${i + 1}`,
    artist: 'Bench',
    album: 'Ad Bench',
    seconds: 3,
    format: formats[i % formats.length],
  })),
);

// Ads as operators have them: every format, quiet and loud.
const sources = [
  { name: 'quiet.mp3', input: ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=4', '-af', 'volume=-24dB'], codec: ['-c:a', 'libmp3lame'] },
  { name: 'loud.flac', input: ['-f', 'lavfi', '-i', 'anoisesrc=color=white:amplitude=1:duration=4', '-af', 'volume=6dB,alimiter'], codec: ['-c:a', 'flac'] },
  { name: 'speech.m4a', input: ['-f', 'lavfi', '-i', "aevalsrc='0.3*sin(2*PI*220*t)*sin(2*PI*3*t)':d=4"], codec: ['-c:a', 'aac'] },
  { name: 'jingle.ogg', input: ['-f', 'lavfi', '-i', 'sine=frequency=660:duration=4'], codec: ['-c:a', 'libvorbis'] },
  { name: 'voice.opus', input: ['-f', 'lavfi', '-i', 'anoisesrc=color=brown:amplitude=0.2:duration=4'], codec: ['-c:a', 'libopus'] },
  { name: 'studio.wav', input: ['-f', 'lavfi', '-i', 'anoisesrc=color=white:amplitude=0.05:duration=4'], codec: ['-c:a', 'pcm_s16le'] },
];
const admin = await e2e.app.makeUser({ role: 'admin', product: 'premium' });
const rows: string[] = [];
const deviations: number[] = [];
const inputSpread: number[] = [];
for (const source of sources) {
  const path = join(dir, source.name);
  await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...source.input, ...source.codec, path]);
  const before = await loudness(path);
  const ad = await e2e.app.ads.create({ title: source.name, click_url: 'https://example.org/' });
  await e2e.app.ads.putAudio(ad.id, readFileSync(path));
  // As listeners get it: over HTTP.
  const served = await fetch(`${e2e.url}/api/v1/ads/${ad.id}/audio`, { headers: admin.auth });
  const out = join(dir, `${source.name}.served.flac`);
  writeFileSync(out, Buffer.from(await served.arrayBuffer()));
  const after = await loudness(out);
  deviations.push(after - LOUDNESS_TARGET_LUFS);
  inputSpread.push(before - LOUDNESS_TARGET_LUFS);
  rows.push(`| ${source.name} | ${fixed(before)} | ${fixed(after)} | ${fixed(after - LOUDNESS_TARGET_LUFS)} |`);
}
console.log('\n| ad upload | uploaded LUFS | served LUFS | off target (LU) |\n|---|---|---|---|');
console.log(rows.join('\n'));
const worst = Math.max(...deviations.map(Math.abs));
console.log(
  `loudness: worst ${fixed(worst)} LU off the ${LOUDNESS_TARGET_LUFS} LUFS target (aim ≤ 1); uploads were up to ${fixed(Math.max(...inputSpread.map(Math.abs)))} LU off`,
);

type Entry = { type: string; src: string; at: number };
/** Plays the album from the first track and returns every audio element's playing/ended, in order. */
async function listen(page: Page, until: (log: Entry[]) => boolean): Promise<Entry[]> {
  await page
    .getByRole('link', { name: /Ad Bench/ })
    .first()
    .click();
  await page.getByRole('heading', { name: 'Ad Bench' }).waitFor();
  await page.evaluate(() => {
    const log: Entry[] = [];
    (window as unknown as { log: Entry[] }).log = log;
    document.addEventListener('playing', (e) => log.push({ type: 'playing', src: (e.target as HTMLAudioElement).src, at: performance.now() }), true);
    document.addEventListener('ended', (e) => log.push({ type: 'ended', src: (e.target as HTMLAudioElement).src, at: performance.now() }), true);
  });
  await page.getByRole('row', { name: /Track 1\b/ }).dblclick();
  const deadline = Date.now() + 120_000 + breaks * 20_000;
  for (;;) {
    const log = await page.evaluate(() => (window as unknown as { log: Entry[] }).log);
    if (until(log)) return log;
    if (Date.now() > deadline) throw new Error(`playback stalled: ${JSON.stringify(log.slice(-6))}`);
    await page.waitForTimeout(250);
  }
}
const isAd = (e: Entry) => e.src.includes('/ads/');
const isTrack = (e: Entry) => e.src.includes('/stream');

// Free: a break after every track.
await e2e.app.plans.update('free', { ad_every_tracks: 1, ad_every_minutes: null });
await e2e.app.makeUser({ username: 'free', password: 'free-listener' });
const freePage = await signedIn(e2e, 'free', 'free-listener');
const freeLog = await listen(
  freePage,
  (log) => log.filter((e) => e.type === 'playing' && isAd(e)).length >= breaks && log.filter((e) => e.type === 'playing' && isTrack(e)).length > breaks,
);
const adToMusic: number[] = [];
const musicToAd: number[] = [];
freeLog.forEach((entry, i) => {
  if (entry.type !== 'playing') return;
  // The element that ended last, before this one started.
  const ended = freeLog.slice(0, i).findLast((e) => e.type === 'ended');
  const previousPlaying = freeLog.slice(0, i).findLast((e) => e.type === 'playing');
  if (!ended || !previousPlaying) return;
  if (isTrack(entry) && isAd(previousPlaying)) adToMusic.push(entry.at - ended.at);
  if (isAd(entry) && isTrack(previousPlaying)) musicToAd.push(entry.at - ended.at);
});

// Baseline: premium, no ads, the same album.
await e2e.app.makeUser({ username: 'paid', password: 'paid-listener', product: 'premium' });
const paidPage = await signedIn(e2e, 'paid', 'paid-listener');
const paidLog = await listen(paidPage, (log) => log.filter((e) => e.type === 'ended').length >= breaks);
const trackToTrack: number[] = [];
paidLog.forEach((entry, i) => {
  if (entry.type !== 'playing' || i === 0) return;
  const ended = paidLog.slice(0, i).findLast((e) => e.type === 'ended');
  if (ended) trackToTrack.push(entry.at - ended.at);
});

const line = (name: string, xs: number[]) =>
  `| ${name} | ${xs.length} | ${fixed(percentile(xs, 50))} | ${fixed(percentile(xs, 95))} | ${fixed(Math.max(...xs))} |`;
console.log('\n| hand-over | n | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|');
console.log(
  [
    line('ad end → music start (free)', adToMusic),
    line('music end → ad start (free)', musicToAd),
    line('track → track (premium, baseline)', trackToTrack),
  ].join('\n'),
);
const p95 = percentile(adToMusic, 95);
console.log(
  `ad end → music start p95 ${fixed(p95)} ms (aim ≤ 300); baseline track → track p95 ${fixed(percentile(trackToTrack, 95))} ms; ratio ${fixed(p95 / Math.max(1, percentile(trackToTrack, 95)))}`,
);
console.log(
  `impressions counted: ${(await e2e.app.ads.list()).reduce((n, ad) => n + ad.impressions, 0)} (${adToMusic.length} breaks measured; one more may end before the page is read)`,
);
console.log(`# load ${loadavg().map(fixed).join(' ')}`);
await e2e.close();
rmSync(dir, { recursive: true, force: true });
