import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { generateTone } from './generate.ts';
import { progressLine } from './cli.ts';
import { within } from './folders.ts';

describe('library API: folders and scans', () => {
  let t: TestApp;
  let admin: TestUser;
  let user: TestUser;
  let music: string;

  before(async () => {
    t = await testApp();
    admin = await t.makeUser({ role: 'admin' });
    user = await t.makeUser();
    music = await mkdtemp(join(tmpdir(), 'runnel-routes-'));
    await generateTone({
      path: join(music, 'Bosse', 'Kraniche.opus'),
      format: 'opus',
      seconds: 1,
      tags: { title: 'Kraniche', artist: 'Bosse', album: 'Kraniche' },
    });
  });
  after(async () => {
    await t.close();
    await rm(music, { recursive: true, force: true });
  });

  // A scan asked for is a job: wait for one that finished after `since` (the last one's end, when given).
  const waitIdle = async (since?: string | null) => {
    for (let i = 0; i < 100; i++) {
      const status = (await t.http.inject({ method: 'GET', url: '/api/v1/library/scan', headers: user.auth })).json();
      if (status.state === 'idle' && status.finished_at && status.finished_at !== since) return status;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('scan did not finish');
  };

  test('an admin adds a folder; it is scanned in the background', async () => {
    const denied = await t.http.inject({ method: 'POST', url: '/api/v1/library/folders', headers: user.auth, payload: { path: music } });
    assert.equal(denied.statusCode, 403);
    const added = await t.http.inject({ method: 'POST', url: '/api/v1/library/folders', headers: admin.auth, payload: { path: music } });
    assert.equal(added.statusCode, 201);
    assert.equal(added.json().source, 'api');
    const status = await waitIdle();
    assert.equal(status.counts.added, 1);
    assert.ok(status.files_per_second > 0);
    const list = (await t.http.inject({ method: 'GET', url: '/api/v1/library/folders', headers: admin.auth })).json();
    assert.equal(list.items.length, 1);
  });

  test('overlapping, missing and non-directory folders are refused', async () => {
    const nested = await t.http.inject({ method: 'POST', url: '/api/v1/library/folders', headers: admin.auth, payload: { path: join(music, 'Bosse') } });
    assert.equal(nested.statusCode, 409);
    const missing = await t.http.inject({ method: 'POST', url: '/api/v1/library/folders', headers: admin.auth, payload: { path: join(music, 'nope') } });
    assert.equal(missing.statusCode, 400);
    await writeFile(join(music, 'file.txt'), 'x');
    const file = await t.http.inject({ method: 'POST', url: '/api/v1/library/folders', headers: admin.auth, payload: { path: join(music, 'file.txt') } });
    assert.equal(file.statusCode, 400);
    const extra = await t.http.inject({ method: 'POST', url: '/api/v1/library/folders', headers: admin.auth, payload: { path: music, extra: 1 } });
    assert.equal(extra.statusCode, 400);
  });

  test('a folder is compared by the directory it really is: aliases, parents (even /), system and data folders are refused', async () => {
    const add = async (path: string) => {
      const res = await t.http.inject({ method: 'POST', url: '/api/v1/library/folders', headers: admin.auth, payload: { path } });
      return [res.statusCode, res.json().error?.code];
    };
    const links = await mkdtemp(join(tmpdir(), 'runnel-links-'));
    try {
      await symlink(music, join(links, 'same'));
      await symlink(join(music, 'Bosse'), join(links, 'inside'));
      await symlink('/', join(links, 'root'));
      assert.deepEqual(await add(join(links, 'same')), [409, 'folder_exists'], 'another path to the same directory');
      assert.deepEqual(await add(`${music}/../${basename(music)}`), [409, 'folder_exists']);
      assert.deepEqual(await add(join(links, 'inside')), [409, 'folder_overlaps']);
      await mkdir(join(links, 'outer', 'inner'), { recursive: true });
      const inner = await t.library.addFolder(join(links, 'outer', 'inner'));
      assert.deepEqual(await add(join(links, 'outer')), [409, 'folder_overlaps'], 'a parent of a music folder');
      await t.library.removeFolder(inner.id);
      assert.deepEqual(await add('/'), [400, 'system_folder']);
      assert.deepEqual(await add(join(links, 'root')), [400, 'system_folder'], 'a link to / is /');
      assert.deepEqual(await add('/etc'), [400, 'system_folder']);
      assert.deepEqual(await add('/proc/self'), [400, 'system_folder']);
      assert.deepEqual(await add('/usr'), [400, 'system_folder']);
      await mkdir(join(t.dataDir, 'music'), { recursive: true });
      assert.deepEqual(await add(t.dataDir), [400, 'data_folder']);
      assert.deepEqual(await add(join(t.dataDir, 'music')), [400, 'data_folder']);
      assert.equal((await t.library.folders()).length, 1);
    } finally {
      await rm(links, { recursive: true, force: true });
    }
  });

  test('within(): a path is inside itself and its parents, / included; a sibling with the same prefix is not', () => {
    assert.ok(within('/music/a', '/'));
    assert.ok(within('/', '/'));
    assert.ok(within('/music/a', '/music'));
    assert.ok(within('/music', '/music'));
    assert.ok(!within('/music2', '/music'));
    assert.ok(!within('/music', '/music/a'));
    assert.ok(within('/music/..a', '/music'));
  });

  test('POST /library/scan: admin only, quick or full, with or without a body', async () => {
    assert.equal((await t.http.inject({ method: 'POST', url: '/api/v1/library/scan', headers: user.auth, payload: {} })).statusCode, 403);
    const last = (await waitIdle()).finished_at;
    const full = await t.http.inject({ method: 'POST', url: '/api/v1/library/scan', headers: admin.auth, payload: { kind: 'full' } });
    assert.equal(full.statusCode, 202);
    const status = await waitIdle(last);
    assert.equal(status.kind, 'full');
    assert.equal(status.counts.tags_read, 1, 'a full scan reads every file again');
    assert.equal(status.counts.updated, 1);
    const bare = await t.http.inject({ method: 'POST', url: '/api/v1/library/scan', headers: admin.auth });
    assert.equal(bare.statusCode, 202);
    await waitIdle(status.finished_at);
    assert.equal((await t.http.inject({ method: 'POST', url: '/api/v1/library/scan', headers: admin.auth, payload: { kind: 'slow' } })).statusCode, 400);
  });

  test('removing a folder takes its tracks out of the catalogue and touches no file', async () => {
    const list = (await t.http.inject({ method: 'GET', url: '/api/v1/library/folders', headers: admin.auth })).json();
    const removed = await t.http.inject({ method: 'DELETE', url: `/api/v1/library/folders/${list.items[0].id}`, headers: admin.auth });
    assert.equal(removed.statusCode, 204);
    const albums = (await t.http.inject({ method: 'GET', url: '/api/v1/albums', headers: user.auth })).json();
    assert.equal(albums.total, 0);
    await mkdir(music, { recursive: true });
    assert.equal((await t.http.inject({ method: 'DELETE', url: `/api/v1/library/folders/${list.items[0].id}`, headers: admin.auth })).statusCode, 404);
  });

  test('the CLI progress line shows a bar, rate and ETA', () => {
    const line = progressLine('read', 500, 2000, 2);
    assert.match(line, /\[#{8}-{22}\]\s+25% 500\/2,000 {2}250 files\/s {2}ETA 0:06/);
  });
});
