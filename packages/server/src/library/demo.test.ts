import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../config.ts';
import { startServer, type RunningServer } from '../server.ts';
import { freshDatabaseUrl } from '../testing/database.ts';

describe('first start without music: serves at once, then the demo library appears', () => {
  let server: RunningServer;
  let dataDir: string;
  let removeDb: () => Promise<void>;
  let startedIn: number;
  /** Albums in the catalogue the moment the server answered: none, the demo library still being made. */
  let albumsAtStart: number;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'runnel-demo-'));
    const db = await freshDatabaseUrl();
    removeDb = db.remove;
    const { config } = loadConfig(['--data', dataDir, '--db', db.url, '--port', '0', '--log-level', 'silent'], {});
    const start = Date.now();
    server = await startServer(config);
    startedIn = Date.now() - start;
    albumsAtStart = (await server.app.catalog.listAlbums('name', 1, 0)).total;
  });
  after(async () => {
    await server.stop();
    await removeDb();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('the demo library is generated in the data folder, scanned and browsable', async () => {
    const health = await fetch(`${server.url}health`);
    assert.equal(health.status, 200);
    // It serves before the demo library exists (not after making it): an order, not a time bar
    // (the start's wall time, migrations included, follows the machine's load).
    assert.equal(albumsAtStart, 0, `listening after ${startedIn} ms, before the demo library exists`);
    const app = server.app;
    await app.accounts.createUser({ username: 'demo', password: 'demo-password', role: 'admin', product: 'premium' });
    const { access_token } = await app.accounts.login('demo', 'demo-password', '127.0.0.1', 'test');
    const headers = { authorization: `Bearer ${access_token}` };
    const deadline = Date.now() + 50_000;
    let artists: string[] = [];
    while (Date.now() < deadline) {
      const body = (await app.http.inject({ method: 'GET', url: '/api/v1/artists?limit=50', headers })).json();
      artists = body.items.map((a: { name: string }) => a.name);
      const status = (await app.http.inject({ method: 'GET', url: '/api/v1/library/scan', headers })).json();
      if (artists.length && status.state === 'idle') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    for (const name of ['Kate Nash', 'Robyn', 'Beach House', 'Bosse', 'Felix Kröcher', 'Kleerup', 'Various Artists'])
      assert.ok(artists.includes(name), `${name} in ${artists.join(', ')}`);
    const folders = (await app.http.inject({ method: 'GET', url: '/api/v1/library/folders', headers })).json();
    assert.deepEqual(
      folders.items.map((f: { source: string; path: string }) => [f.source, f.path]),
      [['demo', join(dataDir, 'demo-music')]],
    );
    const albums = (await app.http.inject({ method: 'GET', url: '/api/v1/albums?limit=50', headers })).json();
    assert.equal(albums.total, 6);
    for (const album of albums.items) assert.equal(album.images.length, 3, `${album.name} has artwork`);
    const track = (await app.http.inject({ method: 'GET', url: `/api/v1/albums/${albums.items[0].id}/tracks`, headers })).json().items[0];
    assert.ok(Math.abs(track.duration_ms - 20_000) < 100);
  });
});
