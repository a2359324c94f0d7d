import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ShareLink, SharedItem } from '@runnel/api';
import { generateTone } from '../library/generate.ts';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { requireTool } from '../tools/tools.ts';

/** The length of audio bytes, as ffprobe reads them (seconds). */
function probeSeconds(bytes: Buffer, dir: string): number {
  const path = join(dir, `probe-${Math.random().toString(36).slice(2)}`);
  writeFileSync(path, bytes);
  const out = execFileSync(requireTool('ffprobe'), ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path], { encoding: 'utf8' });
  return Number(out.trim());
}

describe('share links as previews (the operator chose --share-playback preview)', () => {
  let t: TestApp;
  let u: TestUser;
  let music: string;
  let link: ShareLink;

  before(async () => {
    t = await testApp({ sharePreviewSeconds: 5 });
    music = mkdtempSync(join(tmpdir(), 'runnel-previews-'));
    await generateTone({
      path: join(music, 'Clip', 'Whole', '01.flac'),
      format: 'flac',
      seconds: 14,
      tags: { title: 'Fourteen Seconds', artist: 'Clip', album_artist: 'Clip', album: 'Whole', track: '1' },
    });
    await t.library.addFolder(music);
    await t.library.scan('full');
    u = await t.makeUser();
    const trackId = (await t.catalog.albumTracks((await t.catalog.listAlbums('name', 1, 0)).items[0]!.id, 1, 0)).items[0]!.id;
    const made = await t.http.inject({ method: 'POST', url: '/api/v1/me/share-links', headers: u.auth, payload: { uri: `runnel:track:${trackId}` } });
    assert.equal(made.statusCode, 201, made.body);
    link = made.json() as ShareLink;
  });
  after(async () => {
    await t.close();
    rmSync(music, { recursive: true, force: true });
  });

  test('the page says so, and each track plays its first seconds only: no range or offset reaches the rest', async () => {
    const item = (await t.http.inject({ method: 'GET', url: `/api/v1/share-links/${link.id}` })).json() as SharedItem;
    assert.equal(item.preview_seconds, 5);
    const page = await t.http.inject({ method: 'GET', url: `/s/${link.id}` });
    assert.match(page.body, /Previews: the first 5 seconds of each song/);
    assert.match(page.body, /0:05 of 0:14/);
    // A visitor whose browser asks for Swedish reads the page in Swedish (plurals included).
    const swedish = await t.http.inject({ method: 'GET', url: `/s/${link.id}`, headers: { 'accept-language': 'sv-SE,sv;q=0.9,en;q=0.8' } });
    assert.match(swedish.body, /<html lang="sv">/);
    assert.match(swedish.body, /Förhandslyssning: de första 5 sekunderna av varje låt/);
    assert.match(swedish.body, /0:05 av 0:14/);
    assert.match(swedish.body, /delad av /);
    assert.equal(swedish.headers.vary, 'accept-language');

    const audio = await t.http.inject({ method: 'GET', url: item.tracks[0]!.stream_url });
    assert.equal(audio.statusCode, 200);
    assert.match(String(audio.headers['x-transcode']), /kbps/, 'cut by ffmpeg, never the file itself');
    assert.equal(audio.headers['x-content-duration'], '5.00');
    const seconds = probeSeconds(audio.rawPayload, music);
    assert.ok(seconds > 4.5 && seconds < 5.5, `${seconds} s`);

    const ranged = await t.http.inject({ method: 'GET', url: item.tracks[0]!.stream_url, headers: { range: 'bytes=0-' } });
    assert.ok(probeSeconds(ranged.rawPayload, music) < 5.5, 'a range asks for no more');
    const late = await t.http.inject({ method: 'GET', url: `${item.tracks[0]!.stream_url}?offset=10` });
    assert.equal(late.statusCode, 200);
    assert.ok(probeSeconds(late.rawPayload, music) <= 1.5, 'an offset past the preview gets its last second, not the rest of the track');
  });

  test("the owner's own player is not limited: only public links are previews", async () => {
    const trackId = (await t.http.inject({ method: 'GET', url: `/api/v1/share-links/${link.id}` })).json().tracks[0].id as string;
    const url = (await t.http.inject({ method: 'GET', url: `/api/v1/tracks/${trackId}/stream-url`, headers: u.auth })).json().url as string;
    const whole = await t.http.inject({ method: 'GET', url });
    assert.equal(whole.statusCode, 200);
    assert.ok(probeSeconds(whole.rawPayload, music) > 13.5);
  });
});
