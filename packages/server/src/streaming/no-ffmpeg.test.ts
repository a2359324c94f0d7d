import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { folderTrackFiles, generateAudio } from './testing.ts';

describe('without ffmpeg', () => {
  let t: TestApp;
  let dir: string;
  let user: TestUser;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runnel-no-ffmpeg-'));
    await generateAudio(join(dir, 'lossless.flac'), 'noise', 3, ['-c:a', 'flac']);
    t = await testApp({ streaming: { files: await folderTrackFiles(dir), ffmpegPath: null } });
    user = await t.makeUser();
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('originals still play, even where a transcode would have been chosen', async () => {
    const response = await t.http.inject({ method: 'GET', url: '/api/v1/tracks/lossless/stream', headers: user.auth });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'audio/flac');
    assert.ok(response.rawPayload.equals(readFileSync(join(dir, 'lossless.flac'))));
  });

  test('a transcode request gets a clear error', async () => {
    for (const query of ['format=mp3', 'offset=1', 'bitrate=96']) {
      const response = await t.http.inject({ method: 'GET', url: `/api/v1/tracks/lossless/stream?${query}`, headers: user.auth });
      assert.equal(response.statusCode, 503, query);
      assert.equal(response.json<{ error: { code: string } }>().error.code, 'transcoding_unavailable');
    }
  });

  test('/health says transcoding is unavailable', async () => {
    const health = await t.http.inject({ method: 'GET', url: '/health' });
    assert.equal(health.statusCode, 200);
    const body = health.json<{ status: string; checks: Record<string, { ok: boolean; detail?: string }> }>();
    assert.equal(body.status, 'degraded');
    assert.equal(body.checks.transcoding?.ok, false);
    assert.match(body.checks.transcoding?.detail ?? '', /transcoding unavailable/);
    assert.equal(body.checks.database?.ok, true);
  });
});

describe('with ffmpeg', () => {
  test('/health reports transcoding available', async () => {
    const t = await testApp();
    try {
      const body = (await t.http.inject({ method: 'GET', url: '/health' })).json<{ status: string; checks: Record<string, { ok: boolean }> }>();
      assert.equal(body.status, 'ok');
      assert.equal(body.checks.transcoding?.ok, true);
    } finally {
      await t.close();
    }
  });
});
