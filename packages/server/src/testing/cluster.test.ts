import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BusEvent } from '../events/bus.ts';
import type { ScannedFile } from '../catalog/types.ts';
import { listenLocally, testApp, type TestApp, type TestUser } from './app.ts';
import { clusterMode } from './cluster.ts';
import { connectLive } from './live-client.ts';
import { tagsWith } from '../catalog/tags.ts';

/** The test harness's cluster mode itself (RUNNEL_TEST_CLUSTER=1; `npm run test:cluster`). */
describe('cluster mode of the tests', { skip: !clusterMode && 'only with RUNNEL_TEST_CLUSTER=1' }, () => {
  let t: TestApp;
  let user: TestUser;
  let music: string;
  before(async () => {
    t = await testApp();
    user = await t.makeUser();
    music = mkdtempSync(join(tmpdir(), 'runnel-cluster-music-'));
  });
  after(async () => {
    await t?.close();
    rmSync(music, { recursive: true, force: true });
  });

  test('consecutive requests go to the nodes in turn, through the balancer', async () => {
    const served = [0, 0];
    t.cluster!.nodes.forEach((node, i) =>
      node.http.server.on('request', (request: { url?: string }) => {
        // Not HAProxy's health checks.
        if (request.url === '/api/v1/me') served[i]!++;
      }),
    );
    for (let i = 0; i < 10; i++) assert.equal((await t.http.inject({ method: 'GET', url: '/api/v1/me', headers: user.auth })).statusCode, 200);
    assert.deepEqual(served, [5, 5]);
  });

  test("an event published on the other node reaches the test app's bus", async () => {
    const heard = new Promise<BusEvent>((resolve) => {
      const stop = t.events.subscribe((event) => {
        if (event.type !== 'cluster.test') return;
        stop();
        resolve(event);
      });
    });
    await t.cluster!.buses[1]!.publish({ type: 'cluster.test', data: 'hello', users: [] });
    assert.equal((await heard).data, 'hello');
  });

  test("listings follow a catalogue change made on the other node (each node's cache is forgotten)", async () => {
    const folder = await t.library.addFolder(music);
    const total = async () => (await t.http.inject({ method: 'GET', url: '/api/v1/albums?limit=5', headers: user.auth })).json().total;
    assert.deepEqual([await total(), await total()], [0, 0]);
    await t.cluster!.nodes[1]!.catalog.reconcile([scanned(folder.id, join(music, 'one.mp3'), 1)], new Set());
    const started = Date.now();
    let totals: number[] = [];
    while (Date.now() - started < 2000) {
      totals = [await total(), await total()];
      if (totals.every((n) => n === 1)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(totals, [1, 1], 'both nodes count the new album within 2 s');
  });

  test('a device whose live channel opened on one node, registered through the other, is listed online', async () => {
    const live = await connectLive(await listenLocally(t), user.token, { deviceId: 'cluster-box' });
    try {
      const put = await t.http.inject({
        method: 'PUT',
        url: '/api/v1/me/player/devices/cluster-box',
        headers: user.auth,
        payload: { name: 'Box', type: 'box' },
      });
      assert.equal(put.statusCode, 200);
      const started = Date.now();
      let listed: string[] = [];
      while (Date.now() - started < 2000) {
        const devices = (await t.http.inject({ method: 'GET', url: '/api/v1/me/player/devices', headers: user.auth })).json().devices as { id: string }[];
        listed = devices.map((d) => d.id);
        if (listed.includes('cluster-box')) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.deepEqual(listed, ['cluster-box']);
    } finally {
      live.close();
    }
  });
});

function scanned(folderId: string, path: string, i: number): ScannedFile {
  return {
    path,
    folderId,
    size: 1000 + i,
    mtimeMs: 1_700_000_000_000 + i,
    contentHash: `cluster-${i}`,
    embeddedImage: null,
    tags: tagsWith({
      title: `Cluster ${i}`,
      artists: [`Cluster Artist ${i}`],
      album: `Cluster Album ${i}`,
      albumArtists: [`Cluster Artist ${i}`],
      trackNumber: 1,
      trackTotal: 1,
      discNumber: 1,
      discTotal: 1,
      year: 2000,
      durationMs: 200_000,
      bitrate: 256_000,
      sampleRate: 44_100,
      channels: 2,
      codec: 'MPEG 1 Layer 3',
      container: 'MPEG',
    }),
  };
}
