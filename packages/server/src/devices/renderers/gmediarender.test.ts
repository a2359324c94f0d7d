import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { PlaybackState } from '@runnel/api';
import { generateAudio } from '../../streaming/testing.ts';
import { listenLocally, testApp, type TestApp, type TestUser } from '../../testing/app.ts';
import { fetchDescription } from './description.ts';
import { soapClient, type SoapClient } from './soap.ts';
import { ssdpSearch } from './ssdp.ts';
import { gmediarenderMissing, startGmediarender, type TestRenderer } from './testing.ts';

/**
 * The acceptance, against Debian's real gmediarender: it is discovered or added,
 * plays a track sent to it (fetching Runnel's signed stream URL), and its position comes
 * back through GET /me/player. Commands go through the real routes, as any client sends them.
 */
const missing = gmediarenderMissing();
// On a developer's machine without it the test is skipped with the reason; CI installs it (.ci/run), so there it fails.
const skip = missing && !process.env.CI ? `skipped: ${missing}` : false;

describe('casting to a real UPnP renderer (gmediarender)', { skip }, () => {
  let t: TestApp;
  let music: string;
  let base: string;
  let user: TestUser;
  let renderer: TestRenderer;
  let direct: SoapClient;
  const streams: { track: string; at: number }[] = [];
  const states: { state: PlaybackState; at: number }[] = [];
  const tracks: Record<string, string> = {};

  before(async () => {
    if (missing) throw new Error(`CI must run this test: ${missing}`);
    music = mkdtempSync(join(tmpdir(), 'runnel-renderer-music-'));
    const tag = (title: string) => ['-metadata', `title=${title}`, '-metadata', 'artist=Test & Tone', '-metadata', 'album=<Renderer> Suite'];
    await Promise.all([
      generateAudio(join(music, '1 long.mp3'), 'tone', 30, ['-c:a', 'libmp3lame', '-b:a', '128k', ...tag('Long One')]),
      generateAudio(join(music, '2 short.flac'), 'tone', 8, ['-c:a', 'flac', ...tag('Short "Two"')]),
      generateAudio(join(music, '3 last.mp3'), 'tone', 8, ['-c:a', 'libmp3lame', '-b:a', '128k', ...tag('Last Three')]),
    ]);
    t = await testApp();
    await t.library.addFolder(music);
    await t.library.scan('full');
    for (const row of await t.database.db.selectFrom('tracks').select(['id', 'name']).execute()) tracks[row.name] = `runnel:track:${row.id}`;
    user = await t.makeUser({ product: 'premium' });
    base = `${await listenLocally(t)}/api/v1`;
    t.events.subscribe((event) => {
      if (!event.users?.includes(user.me.id)) return;
      if (event.type === 'stream.started') streams.push({ track: (event.data as { track_id: string }).track_id, at: performance.now() });
      if (event.type === 'player.state' && event.data) states.push({ state: event.data as PlaybackState, at: performance.now() });
    });
    renderer = await startGmediarender('Runnel Test Renderer');
    direct = soapClient(await fetchDescription(renderer.url));
  });
  after(async () => {
    await t?.close();
    await renderer?.stop();
    if (music) rmSync(music, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${user.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const itemName = (s: PlaybackState) => (s.item as { name?: string } | null)?.name;
  const player = async () => (await call('GET', '/me/player')).body as PlaybackState;
  const until = async <T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, ms = 10_000): Promise<T> => {
    const end = performance.now() + ms;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (performance.now() > end) throw new Error(`timed out waiting: ${what}\n--- gmediarender log ---\n${renderer.log().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /** Sends a command and measures the time to the first player.state after it that satisfies `check`. */
  const command = async (method: string, path: string, check: (s: PlaybackState) => boolean, body?: unknown) => {
    const from = performance.now();
    const seen = states.length;
    assert.equal((await call(method, path, body)).status, 204, `${method} ${path}`);
    const state = await until(`${method} ${path} to show`, () => states.slice(seen).find((s) => check(s.state)));
    return { state: state.state, ms: Math.round(state.at - from), from };
  };

  test('discovered by SSDP (when multicast works here), or refused by the LAN rule when its address is not private', async (ctx: TestContext) => {
    const { locations, error } = await ssdpSearch({ timeoutMs: 2000 });
    const found = locations.includes(renderer.directUrl);
    ctx.diagnostic(
      found
        ? `SSDP: M-SEARCH found gmediarender at ${renderer.directUrl} (${locations.length} renderer(s) answered)`
        : `SSDP: gmediarender did not answer the M-SEARCH on ${renderer.interfaceName} (${error ?? 'no answer; multicast may not work in this sandbox'}): relying on add-by-URL`,
    );
    const listed = await call('GET', '/me/player/renderers/discover');
    assert.equal(listed.status, 200);
    const urls = (listed.body.renderers as { url: string; name: string }[]).map((r) => r.url);
    ctx.diagnostic(
      `discover route lists ${urls.length}: ${JSON.stringify(listed.body.renderers)} (the renderer's own address ${renderer.address} is ${urls.includes(renderer.directUrl) ? '' : 'not '}on the LAN rule's list)`,
    );
    if (found && /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(renderer.address))
      assert.ok(urls.includes(renderer.directUrl), 'a private renderer found by SSDP is listed');
  });

  test('added by URL, it plays what is sent to it, reports its position, obeys pause/seek/next/volume and moves on at the end of a track', async (ctx: TestContext) => {
    const added = await call('POST', '/me/player/renderers', { url: renderer.url });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    assert.equal(added.body.name, 'Runnel Test Renderer');
    assert.equal(added.body.type, 'speaker');
    const id = added.body.id as string;
    assert.ok((await call('GET', '/me/player/devices')).body.devices.some((d: { id: string }) => d.id === id));

    assert.equal((await call('PUT', '/me/player', { device_ids: [id] })).status, 204);
    const uris = [tracks['Long One']!, tracks['Short "Two"']!, tracks['Last Three']!];
    const played = await command('PUT', '/me/player/play', (s) => s.is_playing && s.device.id === id && s.tracks.index === 0, { uris });
    ctx.diagnostic(`play → renderer playing (SetAVTransportURI, Play, state reported): ${played.ms} ms`);
    const fetched = await until('the renderer to fetch the stream', () => streams.find((s) => s.track === uris[0]!.slice(13)));
    ctx.diagnostic(`the renderer fetched the signed stream URL ${Math.round(fetched.at - played.from)} ms after the command`);
    assert.equal((await direct.transportState()) as string, 'PLAYING');

    // Its position comes back: advancing while it plays; a jump made on the renderer itself shows up too.
    const first = await player();
    assert.equal(first.device.id, id);
    assert.equal(first.is_playing, true);
    assert.equal(itemName(first), 'Long One');
    await new Promise((r) => setTimeout(r, 2000));
    const later = await player();
    const rendererAt = (await direct.positionInfo()).positionMs!;
    ctx.diagnostic(`progress_ms ${first.progress_ms} → ${later.progress_ms} over 2 s; the renderer says ${rendererAt} ms`);
    assert.ok(later.progress_ms - first.progress_ms >= 1500, 'progress advances while it plays');
    assert.ok(Math.abs(later.progress_ms - rendererAt) < 1600, 'and agrees with the renderer');
    const jumpedAt = performance.now();
    await direct.seek('0:00:20');
    const jumped = await until('a seek made on the renderer to be reported', async () => {
      const s = await player();
      return s.progress_ms >= 19_000 && s.progress_ms < 23_000 && s;
    });
    ctx.diagnostic(`a seek on the renderer itself reached GET /me/player in ${Math.round(performance.now() - jumpedAt)} ms (progress ${jumped.progress_ms})`);

    const paused = await command('PUT', '/me/player/pause', (s) => !s.is_playing);
    assert.equal((await direct.transportState()) as string, 'PAUSED_PLAYBACK');
    const sought = await command('PUT', '/me/player/seek?position_ms=5000', (s) => s.progress_ms === 5000);
    assert.ok(Math.abs((await direct.positionInfo()).positionMs! - 5000) <= 1000, 'the renderer sought');
    const resumed = await command('PUT', '/me/player/play', (s) => s.is_playing);
    assert.equal((await direct.transportState()) as string, 'PLAYING');
    const volume = await command('PUT', '/me/player/volume?volume_percent=30', (s) => s.device.volume_percent === 30);
    assert.equal(await direct.volume(), 30);
    const next = await command('POST', '/me/player/next', (s) => s.tracks.index === 1 && s.is_playing);
    await until('the FLAC to be fetched', () => streams.find((s) => s.track === uris[1]!.slice(13)));
    assert.equal(itemName(await player()), 'Short "Two"');
    ctx.diagnostic(
      `command → acknowledged state: pause ${paused.ms} ms, seek ${sought.ms} ms, resume ${resumed.ms} ms, volume ${volume.ms} ms, next ${next.ms} ms`,
    );

    // The 8 s FLAC plays out: the driver sees the renderer stop at its end and moves to the next.
    const ends = performance.now();
    await call('PUT', '/me/player/seek?position_ms=6000');
    const moved = await until('the next track after the end of one', async () => {
      const s = await player();
      return s.tracks.index === 2 && s.is_playing && s;
    });
    assert.equal(itemName(moved), 'Last Three');
    await until('the third stream', () => streams.find((s) => s.track === uris[2]!.slice(13)));
    ctx.diagnostic(`end of track → next track playing: ${Math.round(performance.now() - ends - 2000)} ms after the track's end`);

    // Removed: gone from the devices; its stream URLs stop working at once.
    assert.equal((await call('DELETE', `/me/player/devices/${id}`)).status, 204);
    assert.ok(!(await call('GET', '/me/player/devices')).body.devices.some((d: { id: string }) => d.id === id));
  });

  test('hostile or wrong URLs are refused with stable codes, never a 500', async () => {
    const cases: [string, number, string][] = [
      ['https://127.0.0.1/description.xml', 400, 'renderer_url_invalid'],
      ['file:///etc/passwd', 400, 'renderer_url_invalid'],
      ['http://8.8.8.8/description.xml', 403, 'renderer_address_refused'],
      ['http://169.254.169.254/latest/meta-data/', 403, 'renderer_address_refused'],
      ['http://127.0.0.1:1/description.xml', 404, 'device_unreachable'],
      [`${base}/me`, 404, 'device_unreachable'],
      [base.replace('/api/v1', '/'), 422, 'not_a_renderer'],
    ];
    for (const [url, status, code] of cases) {
      const res = await call('POST', '/me/player/renderers', { url });
      assert.equal(res.status, status, `${url}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, code, url);
    }
  });
});
