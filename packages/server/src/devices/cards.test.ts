import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CardPlay } from '@runnel/api';
import { generateTone } from '../library/generate.ts';
import { listenLocally, testApp, type TestApp } from '../testing/app.ts';
import { connectLive } from '../testing/live-client.ts';
import { LEARN_MS } from './cards.ts';

describe('device cards: learn, read, list, forget', () => {
  let t: TestApp;
  let origin: string;
  let music: string;
  let albumUri: string;
  let trackUris: string[];
  before(async () => {
    t = await testApp();
    music = mkdtempSync(join(tmpdir(), 'runnel-cards-music-'));
    for (const [i, title] of ['One', 'Two'].entries())
      await generateTone({
        path: join(music, `0${i + 1} ${title}.mp3`),
        format: 'mp3v24',
        seconds: 0.5,
        frequency: 440,
        tags: { title, artist: 'Card Artist', album_artist: 'Card Artist', album: 'Card Album', track: String(i + 1) },
      });
    await t.library.addFolder(music);
    await t.library.scan('full');
    const albums = await t.http.inject({ method: 'GET', url: '/api/v1/albums?limit=5', headers: (await t.makeUser()).auth });
    const album = albums.json().items[0];
    albumUri = `runnel:album:${album.id}`;
    const tracks = await t.http.inject({ method: 'GET', url: `/api/v1/albums/${album.id}/tracks`, headers: (await t.makeUser()).auth });
    trackUris = tracks.json().items.map((x: { id: string }) => `runnel:track:${x.id}`);
    origin = await listenLocally(t);
  });
  after(async () => {
    await t.close();
    rmSync(music, { recursive: true, force: true });
  });

  const call = async (auth: Record<string, string>, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => {
    const res = await t.http.inject({ method, url: `/api/v1${url}`, headers: auth, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  };

  test('a learn assigns the next card read, once; the card then plays its context; strangers see nothing', async () => {
    const u = await t.makeUser();
    const stranger = await t.makeUser();
    const base = `/me/player/devices/box-cards-1/cards`;
    assert.equal((await call(u.auth, 'PUT', '/me/player/devices/box-cards-1', { name: 'Kitchen', type: 'box' })).status, 200);
    assert.equal((await call(u.auth, 'POST', `${base}/04A1B2/read`)).body.error.code, 'card_not_found');

    const live = await connectLive(origin, u.token);
    try {
      const learning = await call(u.auth, 'POST', `${base}/learn`, { uri: albumUri });
      assert.equal(learning.status, 200);
      assert.ok(learning.body.expires_at > Date.now() + LEARN_MS - 5000);
      const heard = live.next('device.card.assigned');
      const read = await call(u.auth, 'POST', `${base}/04A1B2/read`);
      assert.equal(read.status, 200);
      const played = read.body as CardPlay;
      assert.deepEqual({ ...played, name: undefined }, { code: '04A1B2', uri: albumUri, name: undefined, uris: trackUris, assigned: true });
      assert.equal(played.name, 'Card Album');
      assert.deepEqual((await heard).data, { device_id: 'box-cards-1', code: '04A1B2', uri: albumUri, name: 'Card Album' });
    } finally {
      live.close();
    }
    // The learn is used up: another card is unknown, the first plays without assigning again.
    assert.equal((await call(u.auth, 'POST', `${base}/FFFF/read`)).status, 404);
    assert.equal((await call(u.auth, 'POST', `${base}/04A1B2/read`)).body.assigned, false);
    assert.deepEqual((await call(u.auth, 'GET', `${base}/04A1B2`)).body.uris, trackUris);
    const listed = (await call(u.auth, 'GET', base)).body.cards;
    assert.deepEqual(
      listed.map((c: { code: string; uri: string; name: string }) => [c.code, c.uri, c.name]),
      [['04A1B2', albumUri, 'Card Album']],
    );

    // Only the owner: a stranger's every call is device_not_found, and learns nothing.
    for (const [method, url, body] of [
      ['GET', base, undefined],
      ['POST', `${base}/learn`, { uri: albumUri }],
      ['POST', `${base}/04A1B2/read`, undefined],
      ['GET', `${base}/04A1B2`, undefined],
      ['DELETE', `${base}/04A1B2`, undefined],
    ] as const) {
      const res = await call(stranger.auth, method, url, body);
      assert.equal(res.status, 404, `${method} ${url}`);
      assert.equal(res.body.error.code, 'device_not_found');
    }

    assert.equal((await call(u.auth, 'DELETE', `${base}/04A1B2`)).status, 204);
    assert.equal((await call(u.auth, 'DELETE', `${base}/04A1B2`)).body.error.code, 'card_not_found');
    assert.deepEqual((await call(u.auth, 'GET', base)).body.cards, []);
  });

  test('a learn expires after a minute, can be cancelled, and bad codes or uris are 400', async () => {
    const u = await t.makeUser();
    const base = `/me/player/devices/box-cards-2/cards`;
    await call(u.auth, 'PUT', '/me/player/devices/box-cards-2', { name: 'Hall', type: 'box' });
    await call(u.auth, 'POST', `${base}/learn`, { uri: albumUri });
    t.clock.advance(LEARN_MS + 1000);
    assert.equal((await call(u.auth, 'POST', `${base}/C0DE/read`)).body.error.code, 'card_not_found', 'too late');
    await call(u.auth, 'POST', `${base}/learn`, { uri: albumUri });
    assert.equal((await call(u.auth, 'DELETE', `${base}/learn`)).status, 204);
    assert.equal((await call(u.auth, 'POST', `${base}/C0DE/read`)).status, 404, 'cancelled');

    assert.equal((await call(u.auth, 'POST', `${base}/learn`, { uri: 'runnel:album:nope' })).body.error.code, 'album_not_found');
    assert.equal((await call(u.auth, 'POST', `${base}/learn`, { uri: 'runnel:playlist:nope' })).status, 404);
    for (const [method, url, body] of [
      ['POST', `${base}/learn`, { uri: 'runnel:track:abc' }],
      ['POST', `${base}/learn`, { uri: '../../etc/passwd' }],
      ['POST', `${base}/${'9'.repeat(65)}/read`, undefined],
      ['POST', `${base}/a%2Fb/read`, undefined],
      ['POST', `${base}/..%2F..%2Fx/read`, undefined],
      ['POST', `${base}/%C3%A9t%C3%A9/read`, undefined],
      ['GET', `${base}/a%00b`, undefined],
    ] as const) {
      const res = await call(u.auth, method, url, body);
      assert.equal(res.status, 400, `${method} ${url}`);
      assert.equal(res.body.error.code, url.includes('%00') ? 'invalid_text' : 'invalid_request');
    }
  });

  test('a card can hold a playlist or an artist; a playlist card plays the playlist as it is when tapped', async () => {
    const u = await t.makeUser();
    const base = `/me/player/devices/box-cards-3/cards`;
    await call(u.auth, 'PUT', '/me/player/devices/box-cards-3', { name: 'Nursery', type: 'box' });
    const list = (await call(u.auth, 'POST', '/me/playlists', { name: 'Bedtime' })).body as { id: string };
    await call(u.auth, 'POST', `/playlists/${list.id}/tracks`, { uris: [trackUris[1]] });
    const artist = ((await call(u.auth, 'GET', '/artists?limit=5')).body.items as { id: string; name: string }[]).find((a) => a.name === 'Card Artist')!;

    const learnt: Record<string, string[]> = {};
    for (const [code, uri] of [
      ['PL4Y', `runnel:playlist:${list.id}`],
      ['4R71', `runnel:artist:${artist.id}`],
    ] as const) {
      assert.equal((await call(u.auth, 'POST', `${base}/learn`, { uri })).status, 200);
      const read = (await call(u.auth, 'POST', `${base}/${code}/read`)).body as CardPlay;
      assert.deepEqual([read.uri, read.assigned], [uri, true]);
      learnt[code] = read.uris;
    }
    assert.deepEqual(learnt, { PL4Y: [trackUris[1]], '4R71': trackUris });
    assert.deepEqual(((await call(u.auth, 'GET', base)).body.cards as { code: string; name: string }[]).map((c) => [c.code, c.name]).sort(), [
      ['4R71', 'Card Artist'],
      ['PL4Y', 'Bedtime'],
    ]);
    // The playlist changed after it went on the card: the next tap plays what it holds now.
    await call(u.auth, 'POST', `/playlists/${list.id}/tracks`, { uris: [trackUris[0]] });
    assert.deepEqual(((await call(u.auth, 'POST', `${base}/PL4Y/read`)).body as CardPlay).uris, [trackUris[1], trackUris[0]]);
  });

  test('forgetting a device forgets its cards: registered again with its id, it knows none', async () => {
    const u = await t.makeUser();
    const base = `/me/player/devices/box-forget/cards`;
    await call(u.auth, 'PUT', '/me/player/devices/box-forget', { name: 'Hall', type: 'box' });
    await call(u.auth, 'POST', `${base}/learn`, { uri: albumUri });
    assert.equal((await call(u.auth, 'POST', `${base}/CAFE01/read`)).body.assigned, true);
    await call(u.auth, 'POST', `${base}/learn`, { uri: albumUri });
    assert.equal((await call(u.auth, 'DELETE', '/me/player/devices/box-forget')).status, 204);
    await call(u.auth, 'PUT', '/me/player/devices/box-forget', { name: 'Hall', type: 'box' });
    assert.deepEqual((await call(u.auth, 'GET', base)).body.cards, []);
    assert.equal((await call(u.auth, 'POST', `${base}/CAFE02/read`)).body.error.code, 'card_not_found', 'the pending learn went too');
  });
});
