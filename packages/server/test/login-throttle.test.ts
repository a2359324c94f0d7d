import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildApp } from '../src/app.ts';
import { openDatabase } from '../src/db/database.ts';
import { createInProcessBus } from '../src/events/bus.ts';
import { createMetrics } from '../src/http/metrics.ts';
import { testApp, type TestApp } from '../src/testing/app.ts';

// The throttle's clock: tests move it instead of sleeping.
let clock = Date.now();
const now = () => clock;
const wait = (seconds: number) => {
  clock += seconds * 1000;
};

let t: TestApp;
before(async () => {
  t = await testApp({ accounts: { throttle: { now } } });
});
after(() => t.close());

const login = (username: string, password: string, remoteAddress: string, app = t.http) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { username, password } });

test('a burst of wrong passwords: 5 are checked, the rest wait; the right password works from elsewhere at once, and from there after the delay', async () => {
  await t.makeUser({ username: 'guru', password: 'jazzmatazz-vol-1' });
  const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => login('guru', `wrong-${i}`, '203.0.113.9')));
  const codes = burst.map((r) => r.statusCode);
  assert.ok(
    codes.every((c) => c === 401 || c === 429),
    `unexpected ${codes}`,
  );
  assert.equal(codes.filter((c) => c === 401).length, 5, 'exactly 5 guesses are checked');
  const limited = burst.find((r) => r.statusCode === 429)!;
  assert.equal(limited.json().error.code, 'too_many_attempts');
  const delay = Number(limited.headers['retry-after']);
  assert.equal(delay, 1);

  const early = await login('guru', 'jazzmatazz-vol-1', '203.0.113.9');
  assert.equal(early.statusCode, 429, 'too early: not even the right password is checked (that would answer a guesser)');
  assert.equal((await login('guru', 'jazzmatazz-vol-1', '198.51.100.7')).statusCode, 200, 'the owner signs in from elsewhere');

  wait(delay);
  assert.equal((await login('guru', 'jazzmatazz-vol-1', '203.0.113.9')).statusCode, 200, 'after the stated delay the right password signs in');
  const again = await Promise.all(Array.from({ length: 5 }, (_, i) => login('guru', `wrong-again-${i}`, '203.0.113.9')));
  assert.deepEqual(
    again.map((r) => r.statusCode),
    [401, 401, 401, 401, 401],
    'a success forgets the failures',
  );
});

test('past the limit each wrong guess doubles the wait: 1 s, 2 s, 4 s …', async () => {
  await t.makeUser({ username: 'bassist', password: 'low-end-theory' });
  for (let i = 0; i < 5; i++) assert.equal((await login('bassist', `wrong-${i}`, '203.0.113.20')).statusCode, 401);
  for (const seconds of [1, 2, 4, 8]) {
    const refused = await login('bassist', 'wrong', '203.0.113.20');
    assert.equal(refused.statusCode, 429);
    assert.equal(Number(refused.headers['retry-after']), seconds);
    wait(seconds - 0.5);
    assert.equal((await login('bassist', 'wrong', '203.0.113.20')).statusCode, 429, 'refused attempts are not counted and do not reset the wait');
    wait(0.5);
    assert.equal((await login('bassist', 'wrong', '203.0.113.20')).statusCode, 401);
  }
  wait(16);
  assert.equal((await login('bassist', 'low-end-theory', '203.0.113.20')).statusCode, 200);
});

test('one address spraying many usernames is throttled too', async () => {
  const codes: number[] = [];
  for (let i = 0; i < 35; i++) codes.push((await login(`spray${i}`, 'x', '203.0.113.50')).statusCode);
  assert.deepEqual(codes.slice(0, 30), Array(30).fill(401));
  assert.equal(codes.at(-1), 429);
});

/** A second node on the same database (or this one, restarted). */
async function otherNode() {
  const database = openDatabase(t.database.url);
  const dataDir = mkdtempSync(join(tmpdir(), 'runnel-throttle-node-'));
  const app = await buildApp({
    db: database.db,
    dbKind: database.kind,
    events: createInProcessBus(),
    metrics: createMetrics(),
    logger: false,
    sessionTtlS: 3600,
    dataDir,
    accounts: { throttle: { now } },
  });
  return {
    http: app.http,
    async close() {
      await app.http.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

test('the throttle is in the database: another node (or the server restarted) on it keeps it', async () => {
  await t.makeUser({ username: 'drummer', password: 'four-on-the-floor' });
  for (let i = 0; i < 5; i++) assert.equal((await login('drummer', `wrong-${i}`, '203.0.113.30')).statusCode, 401);
  const other = await otherNode();
  try {
    assert.equal((await login('drummer', 'four-on-the-floor', '203.0.113.30', other.http)).statusCode, 429);
    wait(1);
    assert.equal((await login('drummer', 'four-on-the-floor', '203.0.113.30', other.http)).statusCode, 200);
  } finally {
    await other.close();
  }
});

test('one failure short of the limit, the right password sent to two nodes at once signs in on both', async () => {
  await t.makeUser({ username: 'cellist', password: 'bow-and-strings' });
  for (let i = 0; i < 4; i++) assert.equal((await login('cellist', `wrong-${i}`, '203.0.113.31')).statusCode, 401);
  const other = await otherNode();
  try {
    // Each check counts as a failure until it succeeds: the first one pending would make the
    // limit, and the others (on either node) wait for its outcome instead of being refused.
    const burst = await Promise.all(Array.from({ length: 6 }, (_, i) => login('cellist', 'bow-and-strings', '203.0.113.31', i % 2 ? other.http : t.http)));
    assert.deepEqual(
      burst.map((r) => r.statusCode),
      [200, 200, 200, 200, 200, 200],
    );
    // And wrong guesses are still counted: four more failures, then the fifth makes the delay.
    for (let i = 0; i < 5; i++) assert.equal((await login('cellist', `wrong-again-${i}`, '203.0.113.31', i % 2 ? other.http : t.http)).statusCode, 401);
    assert.equal((await login('cellist', 'bow-and-strings', '203.0.113.31', other.http)).statusCode, 429);
  } finally {
    await other.close();
  }
});

test('failures quiet for an hour are forgotten, and pruned', async () => {
  await t.makeUser({ username: 'singer', password: 'high-notes-only' });
  for (let i = 0; i < 5; i++) await login('singer', `wrong-${i}`, '203.0.113.40');
  assert.equal((await login('singer', 'wrong', '203.0.113.40')).statusCode, 429);
  wait(3600);
  assert.equal((await login('singer', 'wrong', '203.0.113.40')).statusCode, 401);
  wait(3601);
  await t.accounts.pruneSessions();
  const left = await t.database.db
    .selectFrom('login_throttle')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('last_at', '<', clock - 3600_000)
    .executeTakeFirstOrThrow();
  assert.equal(Number(left.n), 0);
});
