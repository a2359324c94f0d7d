import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Ad } from '@runnel/api';
import sharp from 'sharp';
import { trackIds } from '../subsonic/testing-calls.ts';
import { subsonicFixture, type SubsonicFixture } from '../subsonic/testing.ts';
import { generateAudio, probe } from '../streaming/testing.ts';
import type { TestUser } from '../testing/app.ts';

describe('ads', () => {
  let fx: SubsonicFixture;
  let dir: string;
  let ids: Map<string, string>;
  let ad: Ad;
  let adBytes: Buffer;
  let premium: TestUser;
  const admin = () => fx.admin;
  const call = (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object | Buffer, type?: string) =>
    fx.app.http.inject({ method, url, headers: { ...user.auth, ...(type && { 'content-type': type }) }, ...(payload && { payload }) });
  const nowPlaying = (user: TestUser, title: string) => call(user, 'PUT', '/api/v1/me/player/now-playing', { uri: `runnel:track:${ids.get(title)}` });
  const askBreak = async (user: TestUser) => (await call(user, 'POST', '/api/v1/me/ad-breaks')).json().break;
  const adNow = async () => ((await call(admin(), 'GET', '/api/v1/admin/ads')).json().items as Ad[]).find((a) => a.id === ad.id)!;
  /** A Subsonic app's plain HTTP stream, written to a file for ffprobe. */
  const subsonicStream = async (title: string) => {
    const query = new URLSearchParams({ u: fx.user.username, p: fx.user.password, c: 'test', v: '1.16.1', id: ids.get(title)! });
    const response = await fx.app.http.inject({ method: 'GET', url: `/rest/stream?${query}` });
    assert.equal(response.statusCode, 200);
    const path = join(dir, `${title}-${Date.now()}.out`);
    writeFileSync(path, response.rawPayload);
    return { response, probe: await probe(path) };
  };

  before(async () => {
    fx = await subsonicFixture();
    ids = await trackIds(fx.app);
    premium = await fx.app.makeUser({ product: 'premium' });
    dir = mkdtempSync(join(tmpdir(), 'runnel-ads-'));
    adBytes = readFileSync(await generateAudio(join(dir, 'ad.mp3'), 'noise', 6, ['-c:a', 'libmp3lame', '-b:a', '192k']));
  });
  after(async () => {
    await fx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('administrators make an ad: the link must be https, the audio is normalised to -14 LUFS, the banner fits the slot', async () => {
    const body = { title: 'Runnel Premium', click_url: 'https://example.org/premium' };
    assert.equal((await call(fx.user, 'POST', '/api/v1/admin/ads', body)).statusCode, 403);
    const http = await call(admin(), 'POST', '/api/v1/admin/ads', { ...body, click_url: 'http://example.org/' });
    assert.equal(http.statusCode, 400);
    const made = await call(admin(), 'POST', '/api/v1/admin/ads', body);
    assert.equal(made.statusCode, 200);
    ad = made.json();
    assert.equal(ad.running, false, 'no audio yet');

    const text = await call(admin(), 'PUT', `/api/v1/admin/ads/${ad.id}/audio`, Buffer.from('hello'), 'text/plain');
    assert.equal(text.statusCode, 415);
    const notAudio = await call(admin(), 'PUT', `/api/v1/admin/ads/${ad.id}/audio`, Buffer.from('not audio at all'), 'audio/mpeg');
    assert.equal(notAudio.statusCode, 400);
    assert.equal(notAudio.json().error.code, 'ad_audio_invalid');
    const audio = await call(admin(), 'PUT', `/api/v1/admin/ads/${ad.id}/audio`, adBytes, 'audio/mpeg');
    assert.equal(audio.statusCode, 200, audio.body);
    ad = audio.json();
    assert.ok(Math.abs(ad.loudness_lufs! + 14) <= 1, `loudness ${ad.loudness_lufs} LUFS`);
    assert.ok(Math.abs(ad.duration_ms! - 6000) < 150, `duration ${ad.duration_ms}`);
    assert.equal(ad.running, true);

    const picture = await sharp({ create: { width: 2000, height: 250, channels: 3, background: '#1db954' } })
      .png()
      .toBuffer();
    const banner = await call(admin(), 'PUT', `/api/v1/admin/ads/${ad.id}/banner`, picture, 'image/png');
    assert.equal(banner.statusCode, 200, banner.body);
    ad = banner.json();
    assert.deepEqual([ad.has_banner, ad.banner_width, ad.banner_height], [true, 1440, 180]);
    const svg = await call(admin(), 'PUT', `/api/v1/admin/ads/${ad.id}/banner`, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml');
    assert.equal(svg.json().error.code, 'ad_banner_invalid');
  });

  test('the web player: after N tracks a free listener gets a break (audio, banner, link); it counts once; premium never', async () => {
    await call(admin(), 'PATCH', '/api/v1/admin/plans/free', { ad_every_tracks: 2, ad_every_minutes: null });
    await nowPlaying(fx.user, 'Foundations');
    assert.equal(await askBreak(fx.user), null, 'one track: not yet');
    await nowPlaying(fx.user, 'Foundations');
    assert.equal(await askBreak(fx.user), null, 'the same play reported twice counts once');
    await nowPlaying(fx.user, 'Mouthwash');
    const due = await askBreak(fx.user);
    assert.equal(due.ad.id, ad.id);
    assert.equal((await askBreak(fx.user)).id, due.id, 'asked again: the same break');
    const audio = await call(fx.user, 'GET', due.ad.audio_url);
    assert.deepEqual([audio.statusCode, audio.headers['content-type']], [200, 'audio/flac']);
    const banner = await call(fx.user, 'GET', due.ad.banner_url);
    assert.deepEqual([banner.statusCode, banner.headers['content-type']], [200, 'image/webp']);
    assert.equal((await call(fx.user, 'POST', `/api/v1/me/ad-breaks/${due.id}/click`)).statusCode, 204);
    // The player starts the next track as the ad ends and may report it before the ad's end.
    await nowPlaying(fx.user, 'Zebra');
    assert.equal((await call(fx.user, 'POST', `/api/v1/me/ad-breaks/${due.id}/played`)).statusCode, 204);
    assert.equal((await call(fx.user, 'POST', `/api/v1/me/ad-breaks/${due.id}/played`)).statusCode, 204);
    assert.equal((await call(premium, 'POST', `/api/v1/me/ad-breaks/${due.id}/played`)).statusCode, 404, "another's break");
    assert.deepEqual([(await adNow()).impressions, (await adNow()).clicks], [1, 1]);
    assert.equal(await askBreak(fx.user), null, 'played: the count starts again');
    await nowPlaying(fx.user, 'Norway');
    const next = await askBreak(fx.user);
    assert.ok(next, 'the track that started during the ad counted: one more makes the next break');
    await call(fx.user, 'POST', `/api/v1/me/ad-breaks/${next.id}/played`);

    for (const title of ['Foundations', 'Mouthwash', 'Zebra', 'Norway']) await nowPlaying(premium, title);
    assert.equal(await askBreak(premium), null, 'premium never gets one');
  });

  test('a Subsonic app: the stream after N tracks is the ad then the track in one file; the ad counts once', async () => {
    const before = (await adNow()).impressions;
    const first = await subsonicStream('Zebra');
    await subsonicStream('Norway');
    assert.ok(Math.abs(first.probe.durationS - 2) < 0.5, `a plain stream: ${first.probe.durationS} s`);
    const spliced = await subsonicStream('Foundations');
    const expected = ad.duration_ms! / 1000 + 2;
    assert.ok(Math.abs(spliced.probe.durationS - expected) <= 1, `ad + track: ${spliced.probe.durationS} s, expected ${expected} s`);
    assert.match(String(spliced.response.headers['x-transcode']), /^mp3; /);
    assert.equal((await adNow()).impressions, before + 1);
    const after = await subsonicStream('Mouthwash');
    assert.ok(Math.abs(after.probe.durationS - 2) < 0.5, 'the next stream is the track alone');
    assert.equal((await adNow()).impressions, before + 1);
  });

  test('due breaks are per listener across devices: one track in the web player and one in an app make two', async () => {
    const fromApp = await askBreak(fx.user);
    assert.ok(fromApp, "the two tracks the app streamed after its ad make the web player's break due");
    await call(fx.user, 'POST', `/api/v1/me/ad-breaks/${fromApp.id}/played`);
    await nowPlaying(fx.user, 'Zebra');
    const second = await subsonicStream('Norway');
    assert.ok(second.probe.durationS < 3, 'second track: no ad yet');
    assert.ok((await askBreak(fx.user)) !== null, 'the web player now has the break due');
    await call(admin(), 'PATCH', '/api/v1/admin/plans/free', { ad_every_tracks: 4, ad_every_minutes: 15 });
  });

  test('downloads are never spliced, and a deleted ad leaves no break or file behind', async () => {
    await call(admin(), 'PATCH', '/api/v1/admin/plans/free', { ad_every_tracks: 1, downloads: true });
    await nowPlaying(fx.user, 'Mouthwash');
    const query = new URLSearchParams({ u: fx.user.username, p: fx.user.password, c: 'test', v: '1.16.1', id: ids.get('Foundations')! });
    const download = await fx.app.http.inject({ method: 'GET', url: `/rest/download?${query}` });
    const file = readFileSync((await fx.app.catalog.trackFile(ids.get('Foundations')!))!.path);
    assert.ok(download.rawPayload.equals(file), 'the stored file, with no ad');
    assert.ok((await askBreak(fx.user)) !== null, 'the ad is still due');
    await call(admin(), 'PATCH', '/api/v1/admin/plans/free', { ad_every_tracks: 4, downloads: false });
    assert.equal((await call(admin(), 'DELETE', `/api/v1/admin/ads/${ad.id}`)).statusCode, 204);
    assert.equal((await call(fx.user, 'GET', `/api/v1/ads/${ad.id}/audio`)).statusCode, 404);
    assert.equal(await askBreak(fx.user), null);
  });
});
