import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { caller, fails, ok, okXml, type Caller } from './testing-calls.ts';
import { subsonicFixture, type SubsonicFixture } from './testing.ts';

interface User {
  username: string;
  adminRole: boolean;
  streamRole: boolean;
  downloadRole: boolean;
  playlistRole: boolean;
  settingsRole: boolean;
  scrobblingEnabled: boolean;
  shareRole: boolean;
  uploadRole: boolean;
  maxBitRate: number;
  folder: number[];
}

describe('subsonic: users and scanning', () => {
  let fx: SubsonicFixture;
  let me: Caller;
  let admin: Caller;
  before(async () => {
    fx = await subsonicFixture();
    me = caller(fx.user);
    admin = caller(fx.admin);
  });
  after(() => fx.close());

  test("getUser: one's own (JSON, XML) with Runnel's roles; another's only for administrators", async () => {
    const user = (await ok(fx.app, me, 'getUser', { username: fx.user.username })).user as User;
    assert.equal(user.username, fx.user.username);
    assert.equal(user.adminRole, false);
    assert.deepEqual([user.streamRole, user.playlistRole, user.settingsRole, user.scrobblingEnabled], [true, true, true, true]);
    assert.equal(user.downloadRole, false, 'the free plan has no downloads');
    const premium = (await ok(fx.app, admin, 'getUser', { username: fx.admin.username })).user as User;
    assert.deepEqual([premium.downloadRole, premium.maxBitRate], [true, 320]);
    assert.deepEqual([user.shareRole, user.uploadRole], [true, false]);
    assert.equal(user.maxBitRate, 160, 'the free tier limit');
    assert.equal(user.folder.length, 1);
    await okXml(fx.app, me, 'getUser', { username: fx.user.username });
    await fails(fx.app, me, 'getUser', { username: fx.admin.username }, 50);
    await fails(fx.app, me, 'getUser', {}, 10);
    const seen = (await ok(fx.app, admin, 'getUser', { username: fx.user.username })).user as User;
    assert.equal(seen.username, fx.user.username);
    assert.equal(((await ok(fx.app, admin, 'getUser', { username: fx.admin.username })).user as User).adminRole, true);
    await fails(fx.app, admin, 'getUser', { username: 'nobody_here' }, 70);
  });

  test('getUsers is for administrators', async () => {
    await fails(fx.app, me, 'getUsers', {}, 50);
    const users = ((await ok(fx.app, admin, 'getUsers')).users as { user: User[] }).user;
    assert.deepEqual(users.map((u) => u.username).sort(), [fx.admin.username, fx.user.username].sort());
    await okXml(fx.app, admin, 'getUsers');
  });

  test('changePassword: own (plain or enc:), others only for administrators; the length rule holds', async () => {
    const other = await fx.app.makeUser();
    const someone = caller(other);
    await fails(fx.app, me, 'changePassword', { username: someone.username, password: 'hijacked password' }, 50);
    const next = 'a much better secret';
    await okXml(fx.app, someone, 'changePassword', { username: someone.username, password: `enc:${Buffer.from(next).toString('hex')}` });
    await fails(fx.app, someone, 'ping', {}, 40);
    const renewed = { username: someone.username, password: next };
    await ok(fx.app, renewed, 'ping');
    await fails(fx.app, renewed, 'changePassword', { username: someone.username, password: 'short' }, 0);
    await ok(fx.app, admin, 'changePassword', { username: someone.username, password: 'set by the admin' });
    await ok(fx.app, { username: someone.username, password: 'set by the admin' }, 'ping');
    await fails(fx.app, admin, 'changePassword', { username: 'nobody_here', password: 'whatever123' }, 70);
  });

  test('getScanStatus for everyone; startScan for administrators, and the scan runs', async () => {
    const status = (await ok(fx.app, me, 'getScanStatus')).scanStatus as { scanning: boolean; count: number; folderCount: number };
    assert.equal(status.scanning, false);
    assert.equal(status.count, 9);
    assert.equal(status.folderCount, 1);
    await okXml(fx.app, me, 'getScanStatus');
    await fails(fx.app, me, 'startScan', {}, 50);
    const last = ((await ok(fx.app, me, 'getScanStatus')).scanStatus as { lastScan?: string }).lastScan;
    const started = (await ok(fx.app, admin, 'startScan', { fullScan: true })).scanStatus as { scanning: boolean };
    assert.equal(started.scanning, true);
    // The scan is a job (a worker of a cluster runs it): wait for one that ended after the request.
    const current = async () => (await ok(fx.app, me, 'getScanStatus')).scanStatus as { scanning: boolean; lastScan?: string };
    for (let i = 0; i < 100; i += 1) {
      const now = await current();
      if (!now.scanning && now.lastScan !== last) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const done = (await ok(fx.app, me, 'getScanStatus')).scanStatus as { scanning: boolean; count: number; lastScan: string };
    assert.equal(done.scanning, false);
    assert.equal(done.count, 9);
    assert.match(done.lastScan, /^\d{4}-/);
    await okXml(fx.app, admin, 'startScan');
  });
});
