import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { EventBus } from '../events/bus.ts';
import { createRedisBus } from '../events/redis-bus.ts';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { computeScope, type Grants } from './grants.ts';
import { createLibraries, type Libraries } from './service.ts';
import { within1s } from '../testing/within.ts';

/** The grant model (libraries/README.md "The rule"), in memory first, then through the service and its cache. */
describe('computeScope', () => {
  const grants = (restricted: Record<string, string[]>, members: Record<string, string[]>): Grants => ({
    folders: ['f1', 'f2', 'f3'],
    restricted: new Map(Object.entries(restricted).map(([folder, libs]) => [folder, new Set(libs)])),
    members: new Map(Object.entries(members).map(([user, libs]) => [user, new Set(libs)])),
  });
  const user = { id: 'u', role: 'user' as const };

  test('no library: everyone reaches every folder (no filter at all)', () => {
    assert.equal(computeScope(grants({}, {}), user), undefined);
  });
  test('a folder in no library is everyone’s; a folder in a library only its members’', () => {
    assert.deepEqual(computeScope(grants({ f1: ['L1'] }, {}), user), { userId: 'u', folders: ['f2', 'f3'] });
    assert.equal(computeScope(grants({ f1: ['L1'] }, { u: ['L1'] }), user), undefined);
  });
  test('an administrator reaches every folder, granted or not', () => {
    assert.equal(computeScope(grants({ f1: ['L1'], f2: ['L2'], f3: ['L2'] }, {}), { id: 'a', role: 'admin' }), undefined);
  });
  test('a user granted two libraries reaches the union of their folders', () => {
    const all = grants({ f1: ['L1'], f2: ['L2'], f3: ['L3'] }, { u: ['L1', 'L2'] });
    assert.deepEqual(computeScope(all, user), { userId: 'u', folders: ['f1', 'f2'] });
  });
  test('a folder in two libraries is reached through either', () => {
    assert.deepEqual(computeScope(grants({ f1: ['L1', 'L2'], f2: ['L1'], f3: ['L3'] }, { u: ['L2'] }), user), { userId: 'u', folders: ['f1'] });
  });
  test('a user in no library with every folder restricted reaches nothing', () => {
    assert.deepEqual(computeScope(grants({ f1: ['L1'], f2: ['L1'], f3: ['L2'] }, {}), user), { userId: 'u', folders: [] });
  });
});

describe('the libraries service', () => {
  let t: TestApp;
  let user: TestUser;
  let admin: TestUser;
  const dirs: string[] = [];
  const folders: string[] = [];
  const viewer = () => ({ id: user.me.id, role: 'user' as const });

  before(async () => {
    t = await testApp();
    for (const name of ['one', 'two']) {
      const dir = await mkdtemp(join(tmpdir(), `runnel-grants-${name}-`));
      dirs.push(dir);
      folders.push((await t.library.addFolder(dir)).id);
    }
    user = await t.makeUser();
    admin = await t.makeUser({ role: 'admin' });
  });
  after(async () => {
    await t.close();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  test('granting, revoking and deleting take effect at the next request (the cached picture is dropped)', async () => {
    const [f1, f2] = folders as [string, string];
    assert.equal(await t.libraries.scopeFor(viewer()), undefined, 'before any library');
    const library = await t.libraries.create({ name: 'Kids', folders: [f1] });
    assert.deepEqual((await t.libraries.scopeFor(viewer()))?.folders, [f2]);
    assert.equal(await t.libraries.scopeFor({ id: admin.me.id, role: 'admin' }), undefined);
    await t.libraries.update(library.id, { members: [user.me.id] });
    assert.equal(await t.libraries.scopeFor(viewer()), undefined, 'granted: reaches both');
    await t.libraries.update(library.id, { members: [] });
    assert.deepEqual((await t.libraries.scopeFor(viewer()))?.folders, [f2], 'revoked');
    await t.libraries.update(library.id, { folders: [f2] });
    assert.deepEqual((await t.libraries.scopeFor(viewer()))?.folders, [f1], 'the library moved to the other folder');
    await t.libraries.remove(library.id);
    assert.equal(await t.libraries.scopeFor(viewer()), undefined, 'deleting a library frees its folders');
  });

  test('two libraries granted: the union; a folder held by another library stays held when one is deleted', async () => {
    const [f1, f2] = folders as [string, string];
    const a = await t.libraries.create({ name: 'A', folders: [f1], members: [user.me.id] });
    const b = await t.libraries.create({ name: 'B', folders: [f2], members: [user.me.id] });
    const c = await t.libraries.create({ name: 'C', folders: [f2] });
    assert.equal(await t.libraries.scopeFor(viewer()), undefined, 'A ∪ B is every folder');
    await t.libraries.update(a.id, { members: [] });
    assert.deepEqual((await t.libraries.scopeFor(viewer()))?.folders, [f2]);
    await t.libraries.remove(b.id);
    assert.deepEqual((await t.libraries.scopeFor(viewer()))?.folders, [], 'C still holds the second folder');
    await t.libraries.remove(c.id);
    assert.deepEqual((await t.libraries.scopeFor(viewer()))?.folders, [f2]);
    await t.libraries.remove(a.id);
    assert.equal(await t.libraries.scopeFor(viewer()), undefined);
  });

  test('a removed music folder no longer counts; an unknown user reaches nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runnel-grants-gone-'));
    dirs.push(dir);
    const gone = await t.library.addFolder(dir);
    const library = await t.libraries.create({ name: 'Gone soon', folders: [gone.id] });
    assert.deepEqual((await t.libraries.scopeFor(viewer()))?.folders, folders);
    await t.library.removeFolder(gone.id);
    assert.equal(await t.libraries.scopeFor(viewer()), undefined, 'its library restricts nothing that exists');
    assert.deepEqual(await t.libraries.scopeOf('no-such-user'), { userId: 'no-such-user', folders: [] });
    await t.libraries.remove(library.id);
  });

  test('two instances on one database and a Redis bus: a grant made on one is applied by the other at once', async () => {
    const REDIS = process.env.RUNNEL_TEST_REDIS ?? 'redis://127.0.0.1:6379';
    const channel = `runnel:test:grants:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    const buses: EventBus[] = [];
    const node = async (): Promise<Libraries> => {
      const events = await createRedisBus(REDIS, () => {}, channel);
      buses.push(events);
      return createLibraries({
        db: t.database.db,
        events,
        folderIds: async () => folders,
        roleOf: async (id) => (await t.accounts.getUser(id).catch(() => undefined))?.role,
        now: Date.now,
      });
    };
    try {
      const [one, two] = [await node(), await node()];
      const library = await one.create({ name: 'Shared', folders: [folders[0]!] });
      const restricted = { userId: user.me.id, folders: [folders[1]!] };
      // The second instance caches its picture now, before the grant.
      assert.deepEqual(await within1s(() => two.scopeFor(viewer()), restricted), restricted);
      await one.update(library.id, { members: [user.me.id] });
      assert.equal(await one.scopeFor(viewer()), undefined);
      assert.equal(await within1s(() => two.scopeFor(viewer()), undefined), undefined, 'the other instance within a second');
      await two.remove(library.id);
      assert.equal(await within1s(() => one.scopeFor(viewer()), undefined), undefined);
    } finally {
      for (const bus of buses) await bus.close();
    }
  });
});
