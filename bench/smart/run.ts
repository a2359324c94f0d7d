/**
 * bench/smart: latency of the smart playlist editor's live count (`POST
 * /api/v1/me/smart-playlists/count`) and of reading a smart playlist's first page, over HTTP,
 * on a 100,000-track library with a year of stars, ratings and plays for four listeners, on
 * SQLite and PostgreSQL. Baseline, measured interleaved in the same run: `GET
 * /api/v1/me/playlists` of a listener with three ordinary playlists (a small indexed read
 * through the same HTTP stack and auth).
 *
 *   node_modules/.bin/node bench/smart/run.ts [--tracks 100000] [--rounds 30] [--only sqlite|postgres]
 *
 * PostgreSQL: RUNNEL_BENCH_PG (default postgres://postgres@127.0.0.1:5432/postgres); a
 * throwaway database is created and dropped. Aim (issue 23): the count answers within 200 ms.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../../packages/server/src/app.ts';
import { migrate, openDatabase } from '../../packages/server/src/db/database.ts';
import { createInProcessBus } from '../../packages/server/src/events/bus.ts';
import { createMetrics } from '../../packages/server/src/http/metrics.ts';
import { testClock } from '../../packages/server/src/testing/clock.ts';
import { freshDatabaseUrl } from '../../packages/server/src/testing/database.ts';
import { analyze, buildLibrary, listenerHistory } from './library.ts';
import { RULE_SETS } from './rule-sets.ts';

const { values: args } = parseArgs({
  options: { tracks: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '30' }, only: { type: 'string' } },
});
const TRACKS = Number(args.tracks);
const ROUNDS = Number(args.rounds);

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const f = (ms: number) => `${ms.toFixed(1)} ms`;

async function benchKind(kind: 'sqlite' | 'postgres') {
  if (kind === 'postgres') process.env.RUNNEL_TEST_DB = process.env.RUNNEL_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  else delete process.env.RUNNEL_TEST_DB;
  const { url, remove } = await freshDatabaseUrl();
  const database = openDatabase(url);
  const dataDir = await mkdtemp(join(tmpdir(), 'runnel-bench-smart-'));
  const clock = testClock();
  const now = Date.now();
  try {
    await migrate(database.db);
    const app = {
      ...(await buildApp({
        db: database.db,
        dbKind: database.kind,
        events: createInProcessBus(),
        metrics: createMetrics(),
        logger: false,
        sessionTtlS: 3600,
        dataDir,
        clock,
        loudness: false,
      })),
      clock,
    };
    const loadStart = performance.now();
    const ids = await buildLibrary(app, TRACKS, now, console.log);
    const users = [];
    for (let u = 0; u < 4; u++) {
      const user = await app.accounts.createUser({ username: `listener${u}`, password: 'bench-password', role: 'user', product: 'free' });
      const made = await listenerHistory(database.db, user.id, ids, now, 100 + u);
      if (u === 0) console.log(`  listener: ${made.stars} stars, ${made.ratings} ratings, ${made.playRows} play-count rows (each of 4 listeners alike)`);
      users.push(user);
    }
    await analyze(database.db, database.kind);
    console.log(`${kind}: ${TRACKS} tracks and listeners loaded in ${((performance.now() - loadStart) / 1000).toFixed(0)} s`);

    const address = await app.http.listen({ port: 0, host: '127.0.0.1' });
    const { access_token } = await app.accounts.login('listener0', 'bench-password', '127.0.0.1', 'bench');
    const headers = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
    // The baseline's listener has three ordinary playlists (no smart ones, which /me/playlists would count).
    const other = await app.accounts.login('listener1', 'bench-password', '127.0.0.1', 'bench');
    const plain = { authorization: `Bearer ${other.access_token}`, 'content-type': 'application/json' };
    for (const name of ['Road', 'Work', 'Sleep']) await app.playlists.create(users[1]!.id, { name });
    const timed = async (samples: number[], method: string, path: string, body?: unknown, as = headers) => {
      const t0 = performance.now();
      const response = await fetch(`${address}${path}`, { method, headers: as, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      samples.push(performance.now() - t0);
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
      return text;
    };

    const playlists = new Map<string, string>();
    const counts = new Map<string, number[]>();
    const reads = new Map<string, number[]>();
    const matched = new Map<string, number>();
    const baseline: number[] = [];
    for (const [name, definition] of Object.entries(RULE_SETS)) {
      const made = JSON.parse(await timed([], 'POST', '/api/v1/me/smart-playlists', { name, definition })) as { id: string };
      playlists.set(name, made.id);
      matched.set(name, (JSON.parse(await timed([], 'POST', '/api/v1/me/smart-playlists/count', { definition })) as { matched: number }).matched);
    }
    for (let round = -3; round < ROUNDS; round++) {
      // Negative rounds warm up (statement caches, buffers) and are not counted.
      const sink = (map: Map<string, number[]>, name: string) => (round < 0 ? [] : (map.get(name) ?? map.set(name, []).get(name)!));
      for (const [name, definition] of Object.entries(RULE_SETS)) {
        await timed(round < 0 ? [] : baseline, 'GET', '/api/v1/me/playlists?limit=20', undefined, plain);
        await timed(sink(counts, name), 'POST', '/api/v1/me/smart-playlists/count', { definition });
        await timed(sink(reads, name), 'GET', `/api/v1/playlists/${playlists.get(name)}/tracks?limit=50`);
      }
    }
    await app.http.close();

    const all = [...counts.values()].flat();
    console.log(
      `\n${kind}, ${TRACKS} tracks, ${ROUNDS} rounds, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log('| rule set | matched | count p50 / p95 / max | first page of 50 p50 / p95 |');
    console.log('|---|---|---|---|');
    for (const name of Object.keys(RULE_SETS)) {
      const c = counts.get(name)!;
      const r = reads.get(name)!;
      console.log(`| ${name} | ${matched.get(name)} | ${f(pct(c, 50))} / ${f(pct(c, 95))} / ${f(Math.max(...c))} | ${f(pct(r, 50))} / ${f(pct(r, 95))} |`);
    }
    console.log(`| **all counts** | | ${f(pct(all, 50))} / ${f(pct(all, 95))} / ${f(Math.max(...all))} | |`);
    console.log(`| baseline: GET /me/playlists | | ${f(pct(baseline, 50))} / ${f(pct(baseline, 95))} / ${f(Math.max(...baseline))} | |`);
    console.log(
      `ratio (count p50 / baseline p50): ${(pct(all, 50) / pct(baseline, 50)).toFixed(1)}; aim: p95 ≤ 200 ms → ${pct(all, 95) <= 200 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await database.close();
    await remove();
    await rm(dataDir, { recursive: true, force: true });
  }
}

console.log(
  `bench/smart — ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const kind of ['sqlite', 'postgres'] as const) if (!args.only || args.only === kind) await benchKind(kind);
