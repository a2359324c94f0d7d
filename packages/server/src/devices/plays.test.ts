import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DeviceType } from '@runnel/api';
import { subsonicFixture, type SubsonicFixture } from '../subsonic/testing.ts';
import { caller, ok } from '../subsonic/testing-calls.ts';
import { listenLocally } from '../testing/app.ts';
import { testDevice } from '../testing/test-device.ts';

/** The fixture's tracks last 2 s: a play counts after 1 s. */
describe('plays on the Box and on renderers count like the web player’s', () => {
  let fx: SubsonicFixture;
  let base: string;
  let uris: string[];
  before(async () => {
    fx = await subsonicFixture();
    base = await listenLocally(fx.app);
    uris = [];
    for (const album of (await fx.app.catalog.listAlbums('name', 10, 0)).items)
      uris.push(...(await fx.app.catalog.albumTracks(album.id, 10, 0)).items.map((t) => t.uri));
  });
  after(() => fx.close());

  const history = async (token: string) => {
    const res = await fetch(`${base}/api/v1/me/player/recently-played?limit=50`, { headers: { authorization: `Bearer ${token}` } });
    return ((await res.json()) as { items: { track: { uri: string }; played_at: string }[] }).items;
  };
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function device(type: DeviceType, name: string) {
    const user = await fx.app.makeUser();
    return { user, device: await testDevice(base, user.token, `dev-${type}-${Math.random().toString(36).slice(2, 8)}`, name, type) };
  }

  test('a box playing past half the track records one play, dated when it began', async () => {
    const { user, device: box } = await device('box', 'Kitchen');
    try {
      const began = Date.now();
      assert.equal(await box.report({ is_playing: true, uris, index: 0, progress_ms: 0, context_uri: null }), 204);
      await wait(1600);
      await box.report({ volume_percent: 40 }); // another report meanwhile changes nothing
      await wait(300);
      const plays = await history(user.token);
      assert.equal(plays.length, 1, JSON.stringify(plays));
      assert.equal(plays[0]!.track.uri, uris[0]);
      assert.ok(Math.abs(Date.parse(plays[0]!.played_at) - began) < 1000, `played_at ${plays[0]!.played_at}, began ${new Date(began).toISOString()}`);
    } finally {
      box.close();
    }
  });

  test('a box or speaker starting a track says so as now playing, by its name, within 2 s', async () => {
    const { user, device: box } = await device('box', 'Kitchen');
    const nowPlaying = async () => {
      const playing = (await ok(fx.app, caller(user), 'getNowPlaying')).nowPlaying as { entry?: { username: string; playerName: string; id: string }[] };
      return (playing.entry ?? []).filter((e) => e.username === user.me.username).map((e) => `${e.playerName}: ${e.id}`);
    };
    const until = async (want: string) => {
      const from = Date.now();
      while (!(await nowPlaying()).includes(want)) {
        assert.ok(Date.now() - from < 2000, `${want} not playing after 2 s: ${JSON.stringify(await nowPlaying())}`);
        await wait(50);
      }
    };
    const id = (uri: string) => uri.split(':').pop()!;
    try {
      await box.report({ is_playing: true, uris, index: 0, progress_ms: 0, context_uri: null });
      await until(`Kitchen: ${id(uris[0]!)}`);
      await box.report({ is_playing: true, uris, index: 1, progress_ms: 0 });
      await until(`Kitchen: ${id(uris[1]!)}`);
    } finally {
      box.close();
    }
  });

  test('paused before half, or skipped, it is not a play; a renderer counts too; a web player counts its own', async () => {
    const { user, device: box } = await device('box', 'Hall');
    const { user: other, device: speaker } = await device('speaker', 'Living room');
    const { user: web, device: browser } = await device('computer', 'Firefox on Linux');
    try {
      await box.report({ is_playing: true, uris, index: 0, progress_ms: 0, context_uri: null });
      await wait(400);
      await box.report({ is_playing: false });
      await speaker.report({ is_playing: true, uris, index: 1, progress_ms: 200, context_uri: null });
      await browser.report({ is_playing: true, uris, index: 0, progress_ms: 0, context_uri: null });
      await wait(1500);
      assert.deepEqual(await history(user.token), [], 'paused at 0.4 s of 2 s');
      assert.deepEqual(
        (await history(other.token)).map((p) => p.track.uri),
        [uris[1]],
      );
      assert.deepEqual(await history(web.token), [], 'the web player reports its plays itself');
      // Jumping past half is not listening to it.
      await box.report({ is_playing: true, index: 1, progress_ms: 1500 });
      await wait(800);
      assert.deepEqual(await history(user.token), []);
    } finally {
      box.close();
      speaker.close();
      browser.close();
    }
  });
});
