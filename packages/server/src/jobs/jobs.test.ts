import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { freshDatabaseUrl, testDbKind } from '../testing/database.ts';
import type { Jobs } from './jobs.ts';
import { createLocalJobs } from './local.ts';
import { createPgBossJobs } from './pg-boss.ts';

// The contract both implementations keep: in the process on SQLite, pg-boss and advisory locks
// on PostgreSQL (two "nodes" there: two Jobs on one database).
let db: { url: string; remove: () => Promise<void> } | undefined;
const made: Jobs[] = [];
async function node(): Promise<Jobs> {
  const jobs = db ? await createPgBossJobs({ connectionString: db.url, working: true, onError: () => {}, leaderRetryMs: 200 }) : createLocalJobs();
  made.push(jobs);
  return jobs;
}
before(async () => {
  if (testDbKind === 'postgres') db = await freshDatabaseUrl();
});
after(async () => {
  for (const jobs of made) await jobs.stop().catch(() => {}); // some stopped already
  await db?.remove();
});
const until = async (check: () => boolean | Promise<boolean>, ms = 10_000) => {
  for (const end = Date.now() + ms; !(await check()); await new Promise((r) => setTimeout(r, 20))) if (Date.now() > end) throw new Error('not in time');
};

test('an exclusive queue: a send while the same key waits or runs joins it; another key queues', async () => {
  const jobs = await node();
  const ran: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await jobs.queue<{ n: string }>({ name: 'scan-like', policy: 'exclusive' }, async ({ n }) => {
    ran.push(n);
    if (n === 'first') await held;
  });
  assert.equal(await jobs.send('scan-like', { n: 'first' }, 'all'), true);
  await until(() => ran.length === 1);
  assert.equal(await jobs.send('scan-like', { n: 'joined' }, 'all'), false, 'the same key runs: joined');
  assert.equal(await jobs.send('scan-like', { n: 'folder' }, 'folder:1'), true, 'another key');
  release();
  await until(() => ran.length === 2);
  assert.deepEqual(ran.sort(), ['first', 'folder']);
});

test('exclusive(name): two nodes (on SQLite, one) never run the same name at once', async () => {
  const a = await node();
  const b = db ? await node() : a;
  let inside = 0;
  let most = 0;
  const work = async () => {
    inside += 1;
    most = Math.max(most, inside);
    await new Promise((r) => setTimeout(r, 50));
    inside -= 1;
  };
  await Promise.all([a.exclusive('lock', work), b.exclusive('lock', work), a.exclusive('lock', work), b.exclusive('lock', work)]);
  assert.equal(most, 1);
});

test('lead(name): one node leads; when it stops, another takes over, and leading() says so', async () => {
  const [a, b] = [await node(), await node()];
  const leaders: string[] = [];
  await a.lead('watch', () => (leaders.push('a'), () => leaders.push('a ended')));
  await b.lead('watch', () => (leaders.push('b'), () => {}));
  assert.equal(await b.leading('watch'), true);
  if (db) {
    assert.deepEqual(leaders, ['a'], 'only the first node leads');
    await a.stop();
    await until(() => leaders.includes('b'));
    assert.deepEqual(leaders, ['a', 'a ended', 'b']);
    assert.equal(await b.leading('watch'), true);
  } else assert.deepEqual(leaders, ['a', 'b'], 'one node on SQLite: each leads in its own process');
});
