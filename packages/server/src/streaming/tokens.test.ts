import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { folderTrackFiles, generateAudio } from './testing.ts';
import { createStreamTokens, loadOrCreateStreamKey } from './tokens.ts';

describe('signed stream URLs', () => {
  let t: TestApp;
  let dir: string;
  let alice: TestUser;
  let bob: TestUser;
  let clock = Date.now();
  let song: Buffer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runnel-tokens-'));
    await Promise.all([
      generateAudio(join(dir, 'song.mp3'), 'noise', 5, ['-c:a', 'libmp3lame', '-b:a', '128k']),
      generateAudio(join(dir, 'other.mp3'), 'tone', 5, ['-c:a', 'libmp3lame', '-b:a', '128k']),
    ]);
    song = readFileSync(join(dir, 'song.mp3'));
    t = await testApp({ streaming: { files: await folderTrackFiles(dir), now: () => clock, tokenTtlS: 600 } });
    alice = await t.makeUser();
    bob = await t.makeUser();
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const urlFor = async (user: TestUser, track = 'song', query = '') => {
    const response = await t.http.inject({ method: 'GET', url: `/api/v1/tracks/${track}/stream-url${query}`, headers: user.auth });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ url: string; expires_at: string; expires_in: number }>();
  };
  const play = (url: string, headers: Record<string, string> = {}) => t.http.inject({ method: 'GET', url, headers });
  const code = (response: { json: () => unknown }) => (response.json() as { error: { code: string } }).error.code;

  test('a signed URL plays without an Authorization header, and keeps the asked options', async () => {
    const signed = await urlFor(alice, 'song', '?format=opus&bitrate=96');
    assert.equal(signed.expires_in, 600);
    assert.ok(Math.abs(Date.parse(signed.expires_at) - (clock + 600_000)) < 1000);
    assert.match(signed.url, /^\/api\/v1\/tracks\/song\/stream\?format=opus&bitrate=96&token=/);
    const plain = await urlFor(alice);
    const response = await play(plain.url, { range: 'bytes=0-99' });
    assert.equal(response.statusCode, 206);
    assert.ok(response.rawPayload.equals(song.subarray(0, 100)));
    assert.equal((await play(signed.url)).headers['x-transcode'], 'opus; 96kbps');
  });

  test('expired tokens are refused', async () => {
    const { url } = await urlFor(alice);
    clock += 601_000;
    try {
      const response = await play(url);
      assert.equal(response.statusCode, 401);
      assert.equal(code(response), 'invalid_stream_token');
      assert.match(response.json<{ error: { message: string } }>().error.message, /expired/);
    } finally {
      clock -= 601_000;
    }
  });

  test('tampered tokens are refused', async () => {
    const { url } = await urlFor(alice);
    const token = new URL(url, 'http://x').searchParams.get('token')!;
    const [user, track, tier, expiry, credential, signature] = token.split('.') as [string, string, string, string, string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const forgeries = [
      [user, track, tier, expiry, credential, flip(signature)],
      [user, track, 'p', expiry, credential, signature], // a free listener claiming premium
      [user, track, tier, (parseInt(expiry, 36) + 86400).toString(36), credential, signature], // a longer life
      [bob.me.id, track, tier, expiry, credential, signature], // someone else's identity
      [user, track, tier, expiry, flip(credential), signature], // another sign-in
      [user, track, tier, expiry, signature], // the format before credentials were bound
      [user, track, tier, expiry, credential],
    ];
    for (const parts of forgeries) {
      const response = await play(`/api/v1/tracks/song/stream?token=${parts.join('.')}`);
      assert.equal(response.statusCode, 401, parts.join('.'));
      assert.equal(code(response), 'invalid_stream_token');
    }
    const foreignKey = createStreamTokens(randomBytes(32), () => clock).sign({ userId: alice.me.id, tier: 'free', trackId: 'song', credential }, 600);
    assert.equal((await play(`/api/v1/tracks/song/stream?token=${foreignKey.token}`)).statusCode, 401, "another server's key");
  });

  test('a token is bound to its track and to its user', async () => {
    const { url } = await urlFor(alice, 'song');
    const token = new URL(url, 'http://x').searchParams.get('token')!;
    const otherTrack = await play(`/api/v1/tracks/other/stream?token=${token}`);
    assert.equal(otherTrack.statusCode, 401);
    assert.match(otherTrack.json<{ error: { message: string } }>().error.message, /another track/);
    const bobWithAlices = await play(url, bob.auth);
    assert.equal(bobWithAlices.statusCode, 403);
    assert.equal(code(bobWithAlices), 'stream_token_mismatch');
    assert.equal((await play(url, alice.auth)).statusCode, 200, 'its own user may send both');
  });

  test('without any credentials the stream is 401; a session or ?access_token= works', async () => {
    assert.equal((await play('/api/v1/tracks/song/stream')).statusCode, 401);
    assert.equal((await play('/api/v1/tracks/song/stream?token=')).statusCode, 401);
    assert.equal((await play('/api/v1/tracks/song/stream', { authorization: 'Bearer rs_nonsense' })).statusCode, 401);
    assert.equal((await t.http.inject({ method: 'HEAD', url: '/api/v1/tracks/song/stream' })).statusCode, 401);
    assert.equal((await t.http.inject({ method: 'GET', url: '/api/v1/tracks/song/stream-url' })).statusCode, 401);
    assert.equal((await play('/api/v1/tracks/song/stream', alice.auth)).statusCode, 200);
    assert.equal((await play(`/api/v1/tracks/song/stream?access_token=${alice.token}`)).statusCode, 200);
    assert.equal((await t.http.inject({ method: 'GET', url: '/api/v1/tracks/nosuch/stream-url', headers: alice.auth })).statusCode, 404);
  });

  test('the key is made once and kept in the data folder', () => {
    const key = loadOrCreateStreamKey(t.dataDir);
    assert.equal(key.length, 32);
    assert.ok(loadOrCreateStreamKey(t.dataDir).equals(key));
  });
});
