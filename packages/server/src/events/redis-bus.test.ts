import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildApp, type App } from '../app.ts';
import { createMetrics } from '../http/metrics.ts';
import { testDatabase, type TestDatabase } from '../testing/database.ts';
import type { EventBus } from './bus.ts';
import { createRedisBus } from './redis-bus.ts';

/** Two Runnel nodes on one database and one Redis, as in a multi-node deployment. */
const REDIS = process.env.RUNNEL_TEST_REDIS ?? 'redis://127.0.0.1:6379';
let database: TestDatabase;
const nodes: { app: App; bus: EventBus; dataDir: string }[] = [];

before(async () => {
  database = await testDatabase();
  for (let i = 0; i < 2; i++) {
    const bus = await createRedisBus(REDIS);
    const dataDir = mkdtempSync(join(tmpdir(), 'runnel-node-'));
    const app = await buildApp({
      db: database.db,
      dbKind: database.kind,
      events: bus,
      metrics: createMetrics(),
      logger: false,
      sessionTtlS: 3600,
      dataDir,
    });
    nodes.push({ app, bus, dataDir });
  }
});
after(async () => {
  for (const { app, bus, dataDir } of nodes) {
    await app.http.close();
    await bus.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  await database.drop();
});

test('an event published on one node reaches listeners on the other, once', async () => {
  const [a, b] = nodes;
  const seenOnB: string[] = [];
  const seenOnA: string[] = [];
  const remote: Record<string, boolean[]> = { a: [], b: [] };
  b!.bus.subscribe((e, delivery) => (seenOnB.push(e.type), e.type === 'test.ping' && remote.b!.push(delivery.remote)));
  a!.bus.subscribe((e, delivery) => (seenOnA.push(e.type), e.type === 'test.ping' && remote.a!.push(delivery.remote)));
  await a!.bus.publish({ type: 'test.ping', data: 1 });
  for (let i = 0; i < 50 && !seenOnB.includes('test.ping'); i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(
    seenOnB.filter((t) => t === 'test.ping'),
    ['test.ping'],
  );
  assert.deepEqual(
    seenOnA.filter((t) => t === 'test.ping'),
    ['test.ping'],
    'no echo back to the sender',
  );
  assert.deepEqual(remote, { a: [false], b: [true] }, 'each node is told whether the event came from another node');
});

test('signing out on one node ends the session on the other at once (its cache is emptied)', async () => {
  const [a, b] = nodes;
  await a!.app.accounts.createUser({ username: 'multinode', password: 'multinode-pass' });
  const { access_token } = await a!.app.accounts.login('multinode', 'multinode-pass', '127.0.0.1', null);
  const auth = { authorization: `Bearer ${access_token}` };
  assert.equal((await b!.app.http.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).statusCode, 200, 'node B has it cached now');
  assert.equal((await a!.app.http.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: auth })).statusCode, 204);
  let status = 200;
  for (let i = 0; i < 50 && status === 200; i++) {
    await new Promise((r) => setTimeout(r, 10));
    status = (await b!.app.http.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).statusCode;
  }
  assert.equal(status, 401);
});
