import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { listenLocally, testApp, type TestApp } from '../../server/src/testing/app.ts';
import { connectLive, type LiveClient } from '../../server/src/testing/live-client.ts';
import { BYTES_PER_S, decode, library, sha256, sizeOf, sleep, spawnBox, tempDir, whenStill, type BoxProcess } from './fixture.ts';

// A real server (SQLite, or PostgreSQL with RUNNEL_TEST_DB) with a library of generated
// tracks; `runnel box` as a child process writing raw PCM to a file, fed card lines on stdin.
let t: TestApp;
let base: string;
let token: string;
let live: LiveClient;
let box: BoxProcess;
let deviceId: string;
let files: Map<string, string>;
const work = tempDir('runnel-box-accept-');
const out = join(work, 'out.pcm');
const data = join(work, 'data');
const albums: Record<string, { id: string; titles: string[] }> = {};
let serverUp = true;

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};

before(async () => {
  t = await testApp();
  files = await library(t, [
    {
      album: 'Four Formats',
      tracks: [
        { title: 'Mp3 Tone', format: 'mp3v24', seconds: 2.5 },
        { title: 'Flac Tone', format: 'flac', seconds: 2 },
        { title: 'Opus Tone', format: 'opus', seconds: 2.5 },
        { title: 'Aac Tone', format: 'aac', seconds: 3 },
      ],
    },
    { album: 'Kept Offline', tracks: [{ title: 'Offline Flac', format: 'flac', seconds: 2 }] },
  ]);
  base = await listenLocally(t);
  const user = await t.makeUser({ product: 'premium' });
  token = (await t.http.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: user.auth, payload: { name: 'kitchen box' } })).json().token;
  for (const album of (await call('GET', '/albums?limit=10')).body.items as { id: string; name: string }[]) {
    const tracks = (await call('GET', `/albums/${album.id}/tracks`)).body.items as { name: string }[];
    albums[album.name] = { id: album.id, titles: tracks.map((x) => x.name) };
  }
  live = await connectLive(base, token);
  box = spawnBox(['--server', base, '--token', token, '--name', 'Kitchen', '--output', `file:${out}`, '--data', data]);
  await box.waitLog(/online/);
  deviceId = readFileSync(join(data, 'device-id'), 'utf8').trim();
});

after(async () => {
  live?.close();
  await box?.stop();
  if (serverUp) await t?.close();
});

const learn = async (album: string, line: string) => {
  const assigned = live.next('device.card.assigned', undefined, 10_000);
  const learning = await call('POST', `/me/player/devices/${deviceId}/cards/learn`, { uri: `runnel:album:${albums[album]!.id}` });
  assert.equal(learning.status, 200);
  box.card(line);
  return (await assigned).data;
};

test('A: a card learnt for an album plays it whole on the box, PCM for PCM; pause stops the output within 500 ms', async (ctx) => {
  const devices = (await call('GET', '/me/player/devices')).body.devices;
  assert.deepEqual(
    devices.map((d: { id: string; name: string; type: string }) => [d.id, d.name, d.type]),
    [[deviceId, 'Kitchen', 'box']],
  );
  const since = box.log.length;
  const playing = live.next('player.state', (d) => (d as { is_playing?: boolean }).is_playing === true, 10_000);
  const assigned = await learn('Four Formats', '04:A1:B2:C3');
  assert.deepEqual(assigned, { device_id: deviceId, code: '04A1B2C3', uri: `runnel:album:${albums['Four Formats']!.id}`, name: 'Four Formats' });
  const state = (await playing).data as { device: { id: string }; context: { uri: string } };
  assert.equal(state.device.id, deviceId, 'the box became the active device');
  await box.waitLog(/card: playing/, 5000, since);

  // The whole album, then the box stops: the output is the albums' tracks decoded, back to back.
  const expected = await Promise.all(albums['Four Formats']!.titles.map((title) => decode(files.get(title)!)));
  const total = expected.reduce((n, b) => n + b.length, 0);
  const size = await whenStill(out, 1000, 30_000);
  const played = readFileSync(out);
  ctx.diagnostic(`played ${(size / BYTES_PER_S).toFixed(3)} s; the tracks decode to ${(total / BYTES_PER_S).toFixed(3)} s`);
  assert.ok(Math.abs(size - total) <= BYTES_PER_S * 0.05, `output ${size} bytes, tracks ${total} bytes`);
  let at = 0;
  for (const [i, pcm] of expected.entries()) {
    const span = Math.min(pcm.length, 2 * BYTES_PER_S);
    const same = sha256(played.subarray(at, at + span)) === sha256(pcm.subarray(0, span));
    ctx.diagnostic(
      `${albums['Four Formats']!.titles[i]}: first ${(span / BYTES_PER_S).toFixed(1)} s sha256 ${sha256(pcm.subarray(0, span))} ${same ? 'matches' : 'DIFFERS'}`,
    );
    assert.ok(same, `track ${i} PCM`);
    at += pcm.length;
  }
  assert.ok(played.equals(Buffer.concat(expected)), 'the whole output is the tracks decoded, byte for byte');
  ctx.diagnostic('the whole output equals the four tracks decoded back to back, byte for byte');

  // The list ended (stopped at its start): tapping the card again plays it again; the web
  // player's pause stops the output.
  const again = box.log.length;
  box.card('04A1B2C3');
  await box.waitLog(/card: resumed/, 5000, again);
  const start = sizeOf(out);
  while (sizeOf(out) < start + BYTES_PER_S) await sleep(20);
  const paused = live.next('player.state', (d) => (d as { is_playing?: boolean }).is_playing === false, 5000);
  // Sample the file's size every 5 ms: for 200 ms before the request (it grows), then after it.
  let growths = 0;
  for (let size = sizeOf(out), end = performance.now() + 200; performance.now() < end;) {
    await sleep(5);
    if (sizeOf(out) !== size) [size, growths] = [sizeOf(out), growths + 1];
  }
  const before = sizeOf(out);
  const asked = performance.now();
  const put = call('PUT', '/me/player/pause');
  let last = before;
  let grewAt = asked;
  while (performance.now() - asked < 1500) {
    await sleep(5);
    const now = sizeOf(out);
    if (now !== last) [last, grewAt] = [now, performance.now()];
  }
  assert.equal((await put).status, 204);
  await paused;
  const latency = Math.max(0, grewAt - asked);
  const after = ((last - before) / BYTES_PER_S) * 1000;
  ctx.diagnostic(
    `pause: the output last grew ${latency.toFixed(1)} ms after PUT /me/player/pause was sent (${after.toFixed(0)} ms of audio written after it; it grew ${growths} times in the 200 ms before)`,
  );
  assert.ok(growths >= 5, 'the sampling sees the output grow while playing');
  assert.ok(latency < 500, `pause took ${latency} ms`);

  // Tapping the card while paused resumes; while playing, pauses.
  const tap = box.log.length;
  box.card('04A1B2C3');
  await box.waitLog(/card: resumed/, 5000, tap);
  await sleep(300);
  assert.ok(sizeOf(out) > last, 'resumed: the output grows again');
  const reported = live.next('player.state', (d) => (d as { is_playing?: boolean }).is_playing === false, 5000);
  box.card('04A1B2C3');
  await box.waitLog(/card: paused/, 5000, tap);
  await reported;
  const state2 = (await call('GET', '/me/player')).body;
  assert.equal(state2.is_playing, false);
  assert.equal(state2.device.id, deviceId);
});

test('B: with the server gone, a card the box kept offline still plays, PCM for PCM', async (ctx) => {
  await learn('Kept Offline', 'C0FFEE');
  await box.waitLog(/offline cache up to date .*"tracks":5/, 20_000, 0);
  // Let the card's first play end, then take the server away.
  await box.waitLog(/card: playing/, 5000, 0);
  await whenStill(out, 800, 20_000, 0);
  const cached = readdirSync(join(data, 'tracks'));
  ctx.diagnostic(`cached before the server stopped: ${cached.length} tracks`);
  const offline = box.log.length;
  serverUp = false;
  live.close();
  await t.close();
  await box.waitLog(/offline: the live channel closed/, 10_000, offline);

  const start = sizeOf(out);
  box.card('C0FFEE');
  await box.waitLog(/card: resumed/, 5000, offline);
  const size = await whenStill(out, 800, 20_000, start);
  const expected = await decode(files.get('Offline Flac')!);
  const played = readFileSync(out).subarray(start, size);
  ctx.diagnostic(`offline: played ${(played.length / BYTES_PER_S).toFixed(3)} s of a ${(expected.length / BYTES_PER_S).toFixed(3)} s track from the cache`);
  ctx.diagnostic(`offline: sha256 ${sha256(played)} vs ${sha256(expected)} (decoded original)`);
  assert.ok(played.equals(expected), 'the cached track plays, byte for byte');
});
