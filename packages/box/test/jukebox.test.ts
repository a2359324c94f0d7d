import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { caller, ok, okXml, type Caller } from '../../server/src/subsonic/testing-calls.ts';
import { listenLocally, testApp, type TestApp } from '../../server/src/testing/app.ts';
import { BYTES_PER_S, library, sizeOf, sleep, spawnBox, tempDir, type BoxProcess } from './fixture.ts';

// Subsonic's jukeboxControl (as DSub sends it) driving a real `runnel box` writing PCM to a file.
let t: TestApp;
let box: BoxProcess;
let me: Caller;
const ids: string[] = [];
const out = join(tempDir('runnel-box-jukebox-'), 'out.pcm');

before(async () => {
  t = await testApp();
  await library(t, [
    {
      album: 'Jukebox',
      tracks: [
        { title: 'First', format: 'mp3v24', seconds: 6 },
        { title: 'Second', format: 'flac', seconds: 6 },
        { title: 'Third', format: 'opus', seconds: 6 },
      ],
    },
  ]);
  const base = await listenLocally(t);
  const user = await t.makeUser({ product: 'premium' });
  me = caller(user);
  const token = (await t.http.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: user.auth, payload: { name: 'box' } })).json().token as string;
  const album = (await t.http.inject({ method: 'GET', url: '/api/v1/albums?limit=1', headers: user.auth })).json().items[0] as { id: string };
  const tracks = (await t.http.inject({ method: 'GET', url: `/api/v1/albums/${album.id}/tracks`, headers: user.auth })).json().items as { id: string }[];
  ids.push(...tracks.map((x) => x.id));
  box = spawnBox(['--server', base, '--token', token, '--name', 'Jukebox', '--output', `file:${out}`, '--data', tempDir('runnel-box-jukebox-data-')]);
  await box.waitLog(/online/);
});
after(async () => {
  await box?.stop();
  await t?.close();
});

interface Status {
  currentIndex: number;
  playing: boolean;
  gain: number;
  position: number;
}
const status = async () => (await ok(t, me, 'jukeboxControl', { action: 'status' })).jukeboxStatus as Status;
/** The box's output grows (within 5 s: ffmpeg may start slowly on a loaded machine). */
const grows = async () => {
  const before = sizeOf(out);
  for (let waited = 0; waited < 5000; waited += 50) {
    await sleep(50);
    if (sizeOf(out) > before) return true;
  }
  return false;
};
/** The box's output stays the same for 400 ms. */
const silent = async () => {
  const before = sizeOf(out);
  await sleep(400);
  return sizeOf(out) === before;
};

test('jukeboxControl set, add, start, skip, stop, setGain, get and status drive a Runnel Box; every answer is valid XML', async () => {
  assert.match(
    await okXml(t, me, 'jukeboxControl', { action: 'set', id: [ids[0]!, ids[1]!] }),
    /<jukeboxStatus currentIndex="0" playing="false" gain="1" position="0"\/>/,
  );
  assert.ok(await silent(), 'set loads the list without playing');
  assert.match(await okXml(t, me, 'jukeboxControl', { action: 'add', id: ids[2]! }), /<jukeboxStatus currentIndex="0" playing="false"/);

  assert.match(await okXml(t, me, 'jukeboxControl', { action: 'start' }), /playing="true"/);
  assert.ok(await grows(), 'start: the box plays');

  const skipped = await okXml(t, me, 'jukeboxControl', { action: 'skip', index: 2, offset: 3 });
  assert.match(skipped, /<jukeboxStatus currentIndex="2" playing="true" gain="1" position="3"\/>/);
  // Skipping to 3 s of the 6 s third track: about 3 s of it are left to write.
  assert.ok(await grows(), 'it plays after the skip');
  assert.ok((await status()).position >= 3);

  assert.match(await okXml(t, me, 'jukeboxControl', { action: 'stop' }), /playing="false"/);
  const stopped = sizeOf(out);
  assert.ok(await silent(), 'stop: the box is silent');

  assert.match(await okXml(t, me, 'jukeboxControl', { action: 'setGain', gain: 0.25 }), /gain="0.25"/);
  const list = await okXml(t, me, 'jukeboxControl', { action: 'get' });
  assert.match(list, /<jukeboxPlaylist currentIndex="2" playing="false" gain="0.25" position="[34]">/);
  assert.deepEqual(
    [...list.matchAll(/<entry id="([^"]+)"/g)].map((m) => m[1]),
    ids,
  );
  const json = (await ok(t, me, 'jukeboxControl', { action: 'get' })).jukeboxPlaylist as Status & { entry: { title: string }[] };
  assert.deepEqual(
    json.entry.map((e) => e.title),
    ['First', 'Second', 'Third'],
  );
  assert.ok(stopped / BYTES_PER_S < 6, 'it never played the whole list');
});
