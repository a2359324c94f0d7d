/**
 * bench/playlists: p99 latency of playlist edits and page reads on a 10,000-item playlist,
 * Runnel's storage (stable entry ids + fractional position keys, through the real playlists
 * service) against a baseline that rewrites the whole ordered list per change, on SQLite and
 * PostgreSQL in the same run.
 *
 *   node_modules/.bin/node bench/playlists/run.ts [--runs 500] [--baseline-runs 20] [--only sqlite|postgres]
 *
 * The playlist shares its table with 10,000 entries of other playlists; statistics are
 * gathered once after loading (ANALYZE; autovacuum does it in service on PostgreSQL).
 *
 * PostgreSQL: RUNNEL_BENCH_PG (default postgres://postgres@127.0.0.1:5432/postgres); a
 * throwaway database is created and dropped.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createAccounts } from '../../packages/server/src/accounts/service.ts';
import { migrate, openDatabase } from '../../packages/server/src/db/database.ts';
import { createInProcessBus } from '../../packages/server/src/events/bus.ts';
import { createPlaylists } from '../../packages/server/src/playlists/service.ts';
import { freshDatabaseUrl } from '../../packages/server/src/testing/database.ts';
import { TEST_TRACK_IDS, testCatalog } from '../../packages/server/src/testing/test-catalog.ts';
import { systemClock } from '../../packages/server/src/time.ts';
import { createBaseline } from './baseline.ts';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '500' }, 'baseline-runs': { type: 'string', default: '20' }, only: { type: 'string' } },
});
const RUNS = Number(args.runs);
const BASELINE_RUNS = Number(args['baseline-runs']);
const SIZE = 10_000;
const uri = (i: number) => `runnel:track:${TEST_TRACK_IDS[i % TEST_TRACK_IDS.length]}`;
const trackUri = (track: unknown) => String((track as { uri?: string } | null)?.uri);
const hundred = (seed: number) => Array.from({ length: 100 }, (_, i) => uri(seed + i));

let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

type Op =
  'add 100 at 0' | 'move range' | 'remove range' | 'read page of 100' | 'add from a stale snapshot (10 revisions old)' | 'floor: commit of a one-row update';
type Samples = Map<Op, number[]>;

async function timed(samples: Samples, op: Op, run: () => Promise<unknown>) {
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  const list = samples.get(op) ?? [];
  list.push(ms);
  samples.set(op, list);
}

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function benchKind(kind: 'sqlite' | 'postgres') {
  if (kind === 'postgres') process.env.RUNNEL_TEST_DB = process.env.RUNNEL_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  else delete process.env.RUNNEL_TEST_DB;
  const { url, remove } = await freshDatabaseUrl();
  const database = openDatabase(url);
  try {
    await migrate(database.db);
    const db = database.db;
    const events = createInProcessBus();
    const accounts = createAccounts({ db, events, sessionTtlS: 3600, now: systemClock.now });
    const user = await accounts.createUser({ username: 'bench', password: 'bench-password' });
    const playlists = createPlaylists({ db, events, tracks: testCatalog(), userExists: async () => true, now: systemClock.now });
    // Other users' playlists share the table (20 × 500 entries), as they would in real life.
    for (let k = 0; k < 20; k += 1) {
      const other = await playlists.create(user.id, { name: `Other ${k}` });
      for (let i = 0; i < 5; i += 1) await playlists.add(other.id, user.id, hundred(k + i), undefined);
    }
    const p = await playlists.create(user.id, { name: 'Ten thousand' });
    for (let i = 0; i < SIZE / 100; i += 1) await playlists.add(p.id, user.id, hundred(i), undefined);
    // Planner statistics once after the bulk load, as PostgreSQL's autovacuum gathers them in service.
    await sql`analyze`.execute(db);

    const ours: Samples = new Map();
    for (let r = 0; r < RUNS; r += 1) {
      // Each round adds 100 and removes 100, so the playlist stays at 10,000 items.
      await timed(ours, 'add 100 at 0', () => playlists.add(p.id, user.id, hundred(r), 0));
      const start = int(0, SIZE - 100);
      await timed(ours, 'move range', () => playlists.move(p.id, user.id, { range_start: start, range_length: int(1, 100), insert_before: int(0, SIZE) }));
      const at = int(0, SIZE);
      const page = await playlists.items(p.id, user.id, 100, at);
      const byUri = new Map<string, number[]>();
      page.items.forEach((item, i) => byUri.set(trackUri(item.track), [...(byUri.get(trackUri(item.track)) ?? []), at + i]));
      await timed(ours, 'remove range', () =>
        playlists.removeItems(
          p.id,
          user.id,
          [...byUri].map(([u, positions]) => ({ uri: u, positions })),
        ),
      );
      await timed(ours, 'read page of 100', () => playlists.items(p.id, user.id, 100, int(0, SIZE - 100)));
    }
    for (let r = 0; r < Math.min(RUNS, 50); r += 1) {
      const old = await playlists.get(p.id, user.id);
      for (let k = 0; k < 5; k += 1) {
        await playlists.add(p.id, user.id, [uri(k)], int(0, SIZE));
        await playlists.move(p.id, user.id, { range_start: int(0, SIZE - 10), range_length: 5, insert_before: int(0, SIZE) });
      }
      await timed(ours, 'add from a stale snapshot (10 revisions old)', () => playlists.add(p.id, user.id, [uri(r)], int(0, SIZE), old.snapshot_id));
      const total = (await playlists.items(p.id, user.id, 1, 0)).total;
      const page = await playlists.items(p.id, user.id, 6, total - 6);
      const tail = new Map<string, number[]>();
      page.items.forEach((item, i) => tail.set(trackUri(item.track), [...(tail.get(trackUri(item.track)) ?? []), total - 6 + i]));
      await playlists.removeItems(
        p.id,
        user.id,
        [...tail].map(([u, positions]) => ({ uri: u, positions })),
      );
    }

    // The machine's floor for any durable write right now: one tiny committed transaction.
    for (let r = 0; r < RUNS; r += 1) {
      await timed(ours, 'floor: commit of a one-row update', () =>
        db.transaction().execute((trx) =>
          trx
            .updateTable('playlists')
            .set({ updated_at: Date.now() + r })
            .where('id', '=', p.id)
            .execute(),
        ),
      );
    }

    const baseline = await createBaseline(db);
    const b: Samples = new Map();
    const bid = 'baseline';
    for (let i = 0; i < SIZE / 100; i += 1) await baseline.add(bid, hundred(i), i * 100);
    for (let r = 0; r < BASELINE_RUNS; r += 1) {
      await timed(b, 'add 100 at 0', () => baseline.add(bid, hundred(r), 0));
      await timed(b, 'move range', () => baseline.move(bid, int(0, SIZE - 100), int(1, 100), int(0, SIZE - 100)));
      await timed(b, 'remove range', () => baseline.remove(bid, int(0, SIZE - 100), 100));
      await timed(b, 'read page of 100', () => baseline.page(bid, int(0, SIZE - 100), 100));
    }

    console.log(
      `\n${kind}: 10,000-item playlist; Runnel ${RUNS} runs per op, baseline ${BASELINE_RUNS} runs per op (ms); load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
    );
    console.log('op'.padEnd(46), 'p50'.padStart(7), 'p99'.padStart(7), 'base p50'.padStart(9), 'base p99'.padStart(9), 'p99 ratio'.padStart(10));
    for (const [op, xs] of ours) {
      const base = b.get(op);
      console.log(
        op.padEnd(46),
        pct(xs, 50).toFixed(2).padStart(7),
        pct(xs, 99).toFixed(2).padStart(7),
        (base ? pct(base, 50).toFixed(2) : '-').padStart(9),
        (base ? pct(base, 99).toFixed(2) : '-').padStart(9),
        (base ? `${(pct(base, 99) / pct(xs, 99)).toFixed(1)}x` : '-').padStart(10),
      );
    }
  } finally {
    await database.close();
    await remove();
  }
}

for (const kind of ['sqlite', 'postgres'] as const) if (!args.only || args.only === kind) await benchKind(kind);
