import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateAudio, probe } from '../streaming/testing.ts';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';

/** The plan's bitrate holds on every path a FLAC can be streamed by, whatever the client asks (ffprobe reads the result). */
describe('plan bitrate caps on every stream path', () => {
  let t: TestApp;
  let music: string;
  let out: string;
  let trackId: string;
  let free: TestUser;
  let premium: TestUser;
  const passwords = new Map<TestUser, string>();

  before(async () => {
    music = mkdtempSync(join(tmpdir(), 'runnel-caps-music-'));
    out = mkdtempSync(join(tmpdir(), 'runnel-caps-out-'));
    await generateAudio(join(music, 'noise.flac'), 'noise', 8, ['-c:a', 'flac', '-metadata', 'title=Noise', '-metadata', 'artist=Static']);
    t = await testApp();
    await t.library.addFolder(music);
    await t.library.scan('full');
    trackId = (await t.database.db.selectFrom('tracks').select('id').executeTakeFirstOrThrow()).id;
    free = await t.makeUser({ username: 'capfree', password: 'free-password-1' });
    premium = await t.makeUser({ username: 'cappaid', password: 'paid-password-1', product: 'premium' });
    passwords.set(free, 'free-password-1').set(premium, 'paid-password-1');
  });
  after(async () => {
    await t.close();
    rmSync(music, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  /** kbps of what came back, by ffprobe. */
  const kbps = async (payload: Buffer, name: string) => {
    const path = join(out, name);
    writeFileSync(path, payload);
    const info = await probe(path);
    assert.equal(Math.round(info.durationS), 8, `${name}: the whole track`);
    return info.bitrate;
  };
  const rest = async (user: TestUser, query = '') => {
    const r = await t.http.inject({ method: 'GET', url: `/api/v1/tracks/${trackId}/stream${query}`, headers: user.auth });
    assert.equal(r.statusCode, 200);
    return r.rawPayload;
  };
  const signed = async (user: TestUser, query = '') => {
    const url = (await t.http.inject({ method: 'GET', url: `/api/v1/tracks/${trackId}/stream-url${query}`, headers: user.auth })).json().url as string;
    return (await t.http.inject({ method: 'GET', url })).rawPayload;
  };
  const subsonic = async (user: TestUser, maxBitRate?: number) => {
    const query = new URLSearchParams({ u: user.me.username, p: passwords.get(user)!, c: 'test', v: '1.16.1', id: trackId });
    if (maxBitRate !== undefined) query.set('maxBitRate', String(maxBitRate));
    return (await t.http.inject({ method: 'GET', url: `/rest/stream?${query}` })).rawPayload;
  };
  const near = (actual: number, expected: number, what: string) =>
    assert.ok(Math.abs(actual - expected) <= expected * 0.08, `${what}: ${actual} kbps, expected ~${expected}`);

  test('free: REST, a signed URL and Subsonic all stream the FLAC at the plan’s 160 kbps, even when asked for more', async () => {
    near(await kbps(await rest(free), 'rest.mp3'), 160, 'REST');
    near(await kbps(await rest(free, '?bitrate=320'), 'rest-320.mp3'), 160, 'REST asking 320');
    near(await kbps(await signed(free, '?bitrate=320'), 'signed.mp3'), 160, 'signed URL asking 320');
    near(await kbps(await subsonic(free), 'subsonic.mp3'), 160, 'Subsonic');
    near(await kbps(await subsonic(free, 320), 'subsonic-320.mp3'), 160, 'Subsonic maxBitRate=320');
  });

  test('premium gets what it asks within its 320 kbps cap, on every path', async () => {
    near(await kbps(await rest(premium, '?bitrate=256'), 'p-rest.mp3'), 256, 'REST asking 256');
    near(await kbps(await signed(premium, '?bitrate=192'), 'p-signed.mp3'), 192, 'signed URL asking 192');
    near(await kbps(await subsonic(premium, 256), 'p-subsonic.mp3'), 256, 'Subsonic maxBitRate=256');
    near(await kbps(await rest(premium, '?bitrate=500'), 'p-rest-500.mp3'), 320, 'REST asking 500: the cap');
  });

  test("an administrator's new cap applies on the next request of every path", async () => {
    await t.plans.update('free', { max_bitrate: 96 });
    near(await kbps(await rest(free), 'rest-96.mp3'), 96, 'REST');
    near(await kbps(await subsonic(free), 'subsonic-96.mp3'), 96, 'Subsonic');
    await t.plans.update('free', { max_bitrate: 160 });
  });

  test('keeping a track offline (purpose=offline) needs the plan’s offline right: Free is refused, Premium gets its stream', async () => {
    const refused = await t.http.inject({ method: 'GET', url: `/api/v1/tracks/${trackId}/stream?purpose=offline`, headers: free.auth });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'premium_required');
    const kept = await t.http.inject({ method: 'GET', url: `/api/v1/tracks/${trackId}/stream?purpose=offline&bitrate=320`, headers: premium.auth });
    assert.equal(kept.statusCode, 200);
    near(await kbps(kept.rawPayload, 'offline-320.mp3'), 320, 'Premium offline at 320');
    const odd = await t.http.inject({ method: 'GET', url: `/api/v1/tracks/${trackId}/stream?purpose=hoard`, headers: premium.auth });
    assert.equal(odd.statusCode, 400);
  });
});
