import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateTone } from '../library/generate.ts';
import { testApp, type TestApp } from '../testing/app.ts';

/** The queue against the real catalogue (module tests use the fixed test catalogue). */
let t: TestApp;
const music = mkdtempSync(join(tmpdir(), 'runnel-player-music-'));
before(async () => {
  t = await testApp();
  await generateTone({
    path: join(music, 'Hot Chip', 'One Life Stand', '01 I Feel Better.mp3'),
    format: 'mp3v24',
    seconds: 2,
    tags: { title: 'I Feel Better', artist: 'Hot Chip', album: 'One Life Stand' },
  });
  await t.library.addFolder(music);
  await t.library.scan('full');
});
after(async () => {
  await t.close();
  rmSync(music, { recursive: true, force: true });
});

test('queueing a scanned track answers with the track (no deadlock on SQLite’s one connection)', async () => {
  const u = await t.makeUser();
  const albums = (await t.http.inject({ method: 'GET', url: '/api/v1/albums', headers: u.auth })).json();
  const album = (await t.http.inject({ method: 'GET', url: `/api/v1/albums/${albums.items[0].id}`, headers: u.auth })).json();
  const trackId = album.tracks.items[0].id as string;
  const queued = await t.http.inject({ method: 'POST', url: `/api/v1/me/player/queue?uri=runnel:track:${trackId}`, headers: u.auth });
  assert.equal(queued.statusCode, 200);
  assert.equal(queued.json().next_up[0].track.name, 'I Feel Better');
  const context = await t.http.inject({
    method: 'PUT',
    url: '/api/v1/me/player/context',
    headers: u.auth,
    payload: { context_uri: `runnel:album:${album.id}` },
  });
  assert.equal(context.statusCode, 200);
});
