import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Plan } from '@runnel/api';
import type { BusEvent } from '../events/bus.ts';
import { folderTrackFiles, generateAudio } from '../streaming/testing.ts';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';

describe('plans', () => {
  let t: TestApp;
  let dir: string;
  let free: TestUser;
  let premium: TestUser;
  let admin: TestUser;
  const events: BusEvent[] = [];
  const call = (user: TestUser | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.http.inject({ method, url, headers: user?.auth ?? {}, ...(payload && { payload }) });
  const patch = (id: string, payload: object, user = admin) => call(user, 'PATCH', `/api/v1/admin/plans/${id}`, payload);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runnel-plans-'));
    await generateAudio(join(dir, 'noise.flac'), 'noise', 4, ['-c:a', 'flac']);
    t = await testApp({ streaming: { files: await folderTrackFiles(dir) } });
    t.events.subscribe((event) => events.push(event));
    free = await t.makeUser();
    premium = await t.makeUser({ product: 'premium' });
    admin = await t.makeUser({ role: 'admin', product: 'premium' });
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every signed-in user reads the plans: Free has ads and no downloads, Premium everything', async () => {
    assert.equal((await call(null, 'GET', '/api/v1/plans')).statusCode, 401);
    const { plans } = (await call(free, 'GET', '/api/v1/plans')).json() as { plans: Plan[] };
    const [f, p] = plans;
    assert.deepEqual(
      [f!.id, f!.max_bitrate, f!.downloads, f!.offline, f!.has_ads, f!.ad_every_tracks, f!.skips_per_hour, f!.monthly_listening_hours],
      ['free', 160, false, false, true, 4, null, null],
    );
    assert.deepEqual([p!.id, p!.max_bitrate, p!.downloads, p!.offline, p!.has_ads], ['premium', 320, true, true, false]);
    const mine = (await call(free, 'GET', '/api/v1/me/plan')).json();
    assert.deepEqual([mine.plan.id, mine.skips_left, mine.listening_minutes_left], ['free', null, null]);
  });

  test('only administrators change a plan; bad values are 400; the change is announced to every player', async () => {
    assert.equal((await patch('free', { max_bitrate: 128 }, free)).statusCode, 403);
    assert.equal((await patch('free', { max_bitrate: 5 })).statusCode, 400);
    assert.equal((await patch('gold', { max_bitrate: 128 })).statusCode, 400);
    assert.equal((await patch('free', { colour: 'red' })).statusCode, 400);
    assert.equal((await patch('free', { skips_per_hour: 0 })).statusCode, 400, 'unlimited is null, not 0');
    const changed = await patch('free', { name: 'Gratis', ad_every_tracks: null, ad_every_minutes: null });
    assert.equal(changed.statusCode, 200);
    assert.deepEqual([changed.json().name, changed.json().has_ads], ['Gratis', false]);
    const announced = events.filter((e) => e.type === 'plan.updated').at(-1)!;
    assert.equal((announced.data as Plan).name, 'Gratis');
    assert.equal(announced.users, undefined, 'every signed-in user hears it');
    await patch('free', { name: 'Free', ad_every_tracks: 4, ad_every_minutes: 15 });
  });

  test('a monthly listening limit stops new streams once used, for that plan only', async () => {
    const [trackId] = (await folderTrackFiles(dir)).ids;
    await patch('free', { monthly_listening_hours: 1 });
    const stream = (user: TestUser) => call(user, 'GET', `/api/v1/tracks/${trackId}/stream`);
    assert.equal((await stream(free)).statusCode, 200);
    await t.plans.listened(free.me.id, 59 * 60_000);
    assert.equal((await call(free, 'GET', '/api/v1/me/plan')).json().listening_minutes_left, 1);
    await t.plans.listened(free.me.id, 60_000);
    const refused = await stream(free);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'listening_limit_reached');
    await t.plans.listened(premium.me.id, 10 * 3_600_000);
    assert.equal((await stream(premium)).statusCode, 200);
    await patch('free', { monthly_listening_hours: null });
    assert.equal((await stream(free)).statusCode, 200);
  });

  test('a signed stream URL plays under the plan its user is on now, not the one it was signed under', async () => {
    const [trackId] = (await folderTrackFiles(dir)).ids;
    const signed = (await call(free, 'GET', `/api/v1/tracks/${trackId}/stream-url`)).json().url as string;
    const play = () => t.http.inject({ method: 'GET', url: signed });
    assert.equal((await play()).headers['x-transcode'], 'mp3; 160kbps');
    assert.equal((await patch('free', { max_bitrate: 96 })).statusCode, 200);
    assert.equal((await play()).headers['x-transcode'], 'mp3; 96kbps', "the plan's new cap applies to a URL already handed out");
    await patch('free', { max_bitrate: 160 });
    await call(admin, 'PATCH', `/api/v1/admin/users/${free.me.id}`, { product: 'premium' });
    assert.equal((await play()).headers['x-transcode'], 'mp3; 320kbps', 'upgraded: Premium at once');
    await call(admin, 'PATCH', `/api/v1/admin/users/${free.me.id}`, { product: 'free' });
    assert.equal((await play()).headers['x-transcode'], 'mp3; 160kbps');
  });
  // Last: it moves the clock on an hour, past every session above.
  test('skips over the hourly limit are refused, saying what Premium gives; an hour later they are back', async () => {
    const listener = await t.makeUser();
    // An API token: a session would end in the hour this test moves the clock on.
    const token = (await call(listener, 'POST', '/api/v1/me/tokens', { name: 'app' })).json().token as string;
    const app = { ...listener, auth: { authorization: `Bearer ${token}` } };
    await patch('free', { skips_per_hour: 2 });
    assert.equal((await call(app, 'POST', '/api/v1/me/plan/skips')).json().skips_left, 1);
    assert.equal((await call(app, 'POST', '/api/v1/me/plan/skips')).json().skips_left, 0);
    const refused = await call(app, 'POST', '/api/v1/me/plan/skips');
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'skip_limit_reached');
    assert.match(refused.json().error.message, /used your 2 skips for this hour\. Premium has unlimited skips/);
    for (let i = 0; i < 5; i++) assert.equal((await call(premium, 'POST', '/api/v1/me/plan/skips')).json().skips_left, null);
    t.clock.advance(3_600_001);
    assert.equal((await call(app, 'POST', '/api/v1/me/plan/skips')).json().skips_left, 1);
    await patch('free', { skips_per_hour: null });
  });
});
