import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PlaybackState } from '@runnel/api';
import { listenLocally, testApp, type TestApp } from '../testing/app.ts';
import { connectLive } from '../testing/live-client.ts';
import { testDevice } from '../testing/test-device.ts';
import { MAX_DEVICES } from './registry.ts';
import { TEST_TRACK_IDS, testCatalog } from '../testing/test-catalog.ts';

const uri = (i: number) => `runnel:track:${TEST_TRACK_IDS[i]}`;

describe('devices: one playback per user, commanded from any session', () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    t = await testApp({ catalogLookup: testCatalog() });
    base = await listenLocally(t);
  });
  after(() => t.close());

  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  test('devices are listed while online; transfer keeps the position; commands reach the active device', async () => {
    const u = await t.makeUser();
    const stranger = await t.makeUser();
    assert.equal((await call(u.token, 'GET', '/me/player')).status, 204, 'nothing plays yet');
    assert.equal((await call(u.token, 'PUT', '/me/player/pause')).body.error.code, 'no_active_device');
    const a = await testDevice(base, u.token, 'device-aaaa', 'Firefox on Linux');
    const b = await testDevice(base, u.token, 'device-bbbb', 'Chrome on Android');
    const remote = await connectLive(base, u.token);
    const strangerLive = await connectLive(base, stranger.token);
    try {
      const listed = (await call(u.token, 'GET', '/me/player/devices')).body.devices;
      assert.deepEqual(listed.map((d: { name: string }) => d.name).sort(), ['Chrome on Android', 'Firefox on Linux']);
      assert.deepEqual((await call(stranger.token, 'GET', '/me/player/devices')).body.devices, []);

      // A plays on its own (its user pressed play there): it becomes active.
      const startedAt = Date.now();
      await a.report({ uris: [uri(1), uri(2), uri(3)], index: 1, progress_ms: 10_000, is_playing: true });
      let state = (await call(u.token, 'GET', '/me/player')).body as PlaybackState;
      assert.equal(state.device.id, 'device-aaaa');
      assert.equal(state.is_playing, true);
      assert.equal(state.item?.id, TEST_TRACK_IDS[2]);
      assert.ok(state.progress_ms >= 10_000 && state.progress_ms < 11_000);

      // B takes over: A is told to stop, B to play the same list from A's position.
      await new Promise((r) => setTimeout(r, 300));
      const moved = remote.next('player.state', (d) => !!d.device && (d.device as { id: string }).id === 'device-bbbb' && d.is_playing === true);
      const asked = Date.now();
      assert.equal((await call(u.token, 'PUT', '/me/player', { device_ids: ['device-bbbb'] })).status, 204);
      const answered = Date.now();
      const after = (await moved).data as unknown as PlaybackState;
      assert.equal(a.commands.at(-1)?.action, 'stop');
      const play = b.commands.at(-1)!;
      assert.equal(play.action, 'play');
      assert.deepEqual(play.uris, [uri(1), uri(2), uri(3)]);
      assert.equal(play.index, 1);
      // Where A said it stopped (it answers `stop` with its position): between the request and the answer.
      const [low, high] = [10_000 + asked - startedAt, 10_000 + answered - startedAt];
      assert.ok(play.position_ms! >= low - 20 && play.position_ms! <= high + 20, `B starts at ${play.position_ms} ms; A was between ${low} and ${high}`);
      assert.equal(after.item?.id, TEST_TRACK_IDS[2]);
      state = (await call(u.token, 'GET', '/me/player')).body;
      assert.deepEqual(
        (await call(u.token, 'GET', '/me/player/devices')).body.devices.filter((d: { is_active: boolean }) => d.is_active).map((d: { id: string }) => d.id),
        ['device-bbbb'],
      );

      // Pause, seek, next and volume from anywhere act on B.
      const steps: [string, string, (s: PlaybackState) => boolean][] = [
        ['PUT', '/me/player/pause', (s) => !s.is_playing],
        ['PUT', '/me/player/seek?position_ms=42000', (s) => s.progress_ms === 42_000],
        ['POST', '/me/player/next', (s) => s.tracks.index === 2],
        ['PUT', '/me/player/volume?volume_percent=30', (s) => s.device.volume_percent === 30],
        ['PUT', '/me/player/play', (s) => s.is_playing],
        ['PUT', '/me/player/devices/device-bbbb/shuffle?state=true', (s) => s.shuffle_state],
        ['PUT', '/me/player/devices/device-bbbb/repeat?state=context', (s) => s.repeat_state === 'context'],
      ];
      for (const [method, path, check] of steps) {
        const changed = remote.next('player.state', (d) => check(d as unknown as PlaybackState));
        assert.equal((await call(u.token, method, path)).status, 204, path);
        await changed;
      }
      assert.deepEqual(
        b.commands.map((c) => c.action),
        ['play', 'pause', 'seek', 'next', 'volume', 'resume', 'shuffle', 'repeat'],
      );

      // Tracks by uri from one of them, on B.
      const chosen = remote.next(
        'player.state',
        (d) => (d as unknown as PlaybackState).tracks.index === 1 && (d as unknown as PlaybackState).tracks.uris.length === 2,
      );
      const played = await call(u.token, 'PUT', '/me/player/play', { uris: [uri(9), uri(8)], offset: { uri: uri(8) }, position_ms: 5000 });
      assert.equal(played.status, 204);
      assert.equal(((await chosen).data as unknown as PlaybackState).item?.id, TEST_TRACK_IDS[8]);
      assert.equal(b.commands.at(-1)?.position_ms, 5000);
      // A's late report after it stopped does not take playback back.
      await a.report({ is_playing: false });
      assert.equal(((await call(u.token, 'GET', '/me/player')).body as PlaybackState).device.id, 'device-bbbb');

      // Another user cannot command, see or transfer to these devices.
      assert.equal((await call(stranger.token, 'PUT', '/me/player', { device_ids: ['device-bbbb'] })).body.error.code, 'device_not_found');
      assert.equal((await call(stranger.token, 'GET', '/me/player')).status, 204);
      assert.ok(!strangerLive.seen.some((e) => e.type.startsWith('player.') || e.type.startsWith('device.')));
    } finally {
      for (const c of [a, b, remote, strangerLive]) c.close();
    }
  });

  test('a device that plays on into its next track does not take playback back from one where the listener pressed play', async () => {
    const u = await t.makeUser();
    const a = await testDevice(base, u.token, 'device-dddd', 'Tab one');
    const b = await testDevice(base, u.token, 'device-eeee', 'Tab two');
    try {
      await a.report({ uris: [uri(1), uri(2)], index: 0, is_playing: true, began: true });
      await b.report({ uris: [uri(3)], index: 0, is_playing: true, began: true });
      // A's next track, reported before A heard that B took over.
      await a.report({ index: 1, is_playing: true, began: false });
      const state = (await call(u.token, 'GET', '/me/player')).body as PlaybackState;
      assert.equal(state.device.id, 'device-eeee');
      assert.equal(state.tracks.uris[state.tracks.index], uri(3));
      // Play pressed on A again: A takes over.
      await a.report({ is_playing: true, began: true });
      assert.equal(((await call(u.token, 'GET', '/me/player')).body as PlaybackState).device.id, 'device-dddd');
    } finally {
      a.close();
      b.close();
    }
  });

  test('a device that closes its channel goes offline and stops playing; rename stays; bad input is 400', async () => {
    const u = await t.makeUser();
    const a = await testDevice(base, u.token, 'device-cccc', 'Kitchen');
    await a.report({ uris: [uri(4)], index: 0, is_playing: true });
    assert.equal((await call(u.token, 'PATCH', '/me/player/devices/device-cccc', { name: 'Kök' })).status, 204);
    await testDevice(base, u.token, 'device-cccc', 'Kitchen').then((again) => again.close());
    assert.equal((await call(u.token, 'GET', '/me/player/devices')).body.devices[0].name, 'Kök', 'a device registering again keeps the name its user gave it');
    a.close();
    for (let i = 0; i < 200 && (await call(u.token, 'GET', '/me/player/devices')).body.devices.length; i++) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual((await call(u.token, 'GET', '/me/player/devices')).body.devices, []);
    const state = (await call(u.token, 'GET', '/me/player')).body as PlaybackState;
    assert.equal(state.is_playing, false);
    assert.equal(state.device.is_active, false, 'a device that left is no longer the active one, though its place is kept');
    assert.equal((await call(u.token, 'PUT', '/me/player', { device_ids: ['device-cccc'] })).body.error.code, 'device_not_found');
    for (const [method, path, body] of [
      ['PUT', '/me/player/devices/short', { name: 'x' }],
      ['PUT', '/me/player/volume?volume_percent=101', undefined],
      ['PUT', '/me/player/seek?position_ms=-1', undefined],
      ['PUT', '/me/player', { device_ids: [] }],
      ['PUT', '/me/player/play', { uris: ['spotify:track:x'] }],
    ] as const) {
      const res = await call(u.token, method, path, body);
      assert.equal(res.status, 400, `${method} ${path}`);
      assert.equal(res.body.error.code, 'invalid_request');
    }
    assert.equal((await fetch(`${base}/api/v1/me/player/devices`)).status, 401);
    // Registering without end keeps MAX_DEVICES, forgetting the one unheard of longest.
    for (let i = 0; i < MAX_DEVICES + 2; i++) await t.devices.registry.register(u.me.id, `profile-${String(i).padStart(4, '0')}`, { name: `Profile ${i}` });
    const kept = await t.database.db.selectFrom('devices').select('id').where('user_id', '=', u.me.id).execute();
    assert.equal(kept.length, MAX_DEVICES);
    assert.ok(!kept.some((d) => d.id === 'device-cccc' || d.id === 'profile-0000'));
  });
});
