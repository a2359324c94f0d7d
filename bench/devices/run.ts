/**
 * Devices: from a command (pause, resume, seek, volume, next) sent by one of the user's
 * sessions to the state change it causes, heard on that session's live channel. The device
 * is a real web player in headless Chromium playing real files (MP3, FLAC, Ogg, Opus, AAC);
 * the command goes by the route any app uses, the device obeys and reports, the server
 * publishes `player.state`.
 *
 * Baseline in the same run: a one-hop change of the same user's playback data — toggling
 * the shared queue's shuffle (`PUT /me/player/shuffle`: one request, one write, one live
 * event back) — which a command to a device cannot beat (it is that, twice, plus the
 * device's own work).
 *
 *   node_modules/.bin/node bench/devices/run.ts [--commands 200]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { PlaybackState } from '@runnel/api';
import { connectLive } from '../../packages/server/src/testing/live-client.ts';
import { signIn, startE2E } from '../../packages/web/test/browser.ts';
import { scanTracks } from '../../packages/web/test/library-fixture.ts';

const { values } = parseArgs({ options: { commands: { type: 'string', default: '200' } } });
const N = Number(values.commands);

const e2e = await startE2E();
const formats = ['mp3v24', 'flac', 'ogg', 'opus', 'aac'] as const;
await scanTracks(
  e2e.app,
  formats.map((format, i) => ({ title: `Room ${i + 1}`, artist: 'Bench Rooms', album: 'Every Room', seconds: 180, format, noise: format === 'flac' })),
);
await e2e.app.makeUser({ username: 'bench', password: 'bench-devices', product: 'premium' });
const token = (await e2e.app.accounts.login('bench', 'bench-devices', '127.0.0.9', 'bench')).access_token;

// The device: a web player that plays the album.
const device = await (await e2e.browser.newContext()).newPage();
await signIn(device, e2e.url, 'bench', 'bench-devices');
await device
  .getByRole('link', { name: /Every Room/ })
  .first()
  .click();
await device.getByRole('row', { name: /Room 1/ }).dblclick();
await device.waitForFunction(() => [...document.querySelectorAll('audio')].some((a) => !a.paused && a.currentTime > 1));

const remote = await connectLive(e2e.url, token);
const call = (method: string, path: string) => fetch(`${e2e.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}` } });
const timed = async (method: string, path: string, until: (s: Record<string, unknown>) => boolean, event = 'player.state') => {
  const heard = remote.next(event, until, 5000);
  const start = performance.now();
  const res = await call(method, path);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  await heard;
  return performance.now() - start;
};

const state = (d: Record<string, unknown>) => d as unknown as PlaybackState;
const now = async () => (await (await call('GET', '/me/player')).json()) as PlaybackState;
const kinds: Record<string, number[]> = { pause: [], resume: [], seek: [], volume: [], next: [] };
for (let i = 0; i < N; i++) {
  const kind = Object.keys(kinds)[i % 5]!;
  let ms: number;
  if (kind === 'pause') ms = await timed('PUT', '/me/player/pause', (d) => !state(d).is_playing);
  else if (kind === 'resume') ms = await timed('PUT', '/me/player/play', (d) => state(d).is_playing);
  else if (kind === 'seek')
    ms = await timed('PUT', `/me/player/seek?position_ms=${10_000 + i * 100}`, (d) => Math.abs(state(d).progress_ms - (10_000 + i * 100)) < 500);
  else if (kind === 'volume')
    ms = await timed('PUT', `/me/player/volume?volume_percent=${30 + (i % 60)}`, (d) => state(d).device.volume_percent === 30 + (i % 60));
  else {
    const before = await now();
    ms = await timed('POST', '/me/player/next', (d) => state(d).tracks.index === before.tracks.index + 1);
    // At the album's last track, it starts again from the first (not timed).
    if (before.tracks.index + 1 === before.tracks.uris.length - 1) {
      const back = remote.next('player.state', (d) => state(d).tracks.index === 0 && state(d).is_playing, 5000);
      await fetch(`${e2e.url}/api/v1/me/player/play`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ context_uri: before.context!.uri }),
      });
      await back;
    }
  }
  kinds[kind]!.push(ms);
}
const baseline: number[] = [];
for (let i = 0; i < N; i++)
  baseline.push(await timed('PUT', `/me/player/shuffle?state=${i % 2 === 0}`, (d) => d.shuffle_state === (i % 2 === 0), 'player.queue.changed'));
remote.close();

const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(values.length * p) - 1)]!;
const all = Object.values(kinds).flat();
const row = (name: string, values: number[]) =>
  `${name.padEnd(22)} p50 ${pct(values, 0.5).toFixed(1).padStart(6)}  p95 ${pct(values, 0.95).toFixed(1).padStart(6)}  p99 ${pct(values, 0.99).toFixed(1).padStart(6)} ms  (n=${values.length})`;
console.log(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const [kind, values] of Object.entries(kinds)) console.log(row(kind, values));
console.log(row('all commands', all));
console.log(row('baseline (shuffle)', baseline));
console.log(
  `ratio p95: ${(pct(all, 0.95) / pct(baseline, 0.95)).toFixed(2)}× the one-hop baseline; aim p95 ≤ 200 ms: ${pct(all, 0.95) <= 200 ? 'met' : 'NOT met'}`,
);
await e2e.close();
