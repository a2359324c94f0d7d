/**
 * Database writes and bus messages around plays, as the web player makes them: the signed
 * stream URL, the stream's first bytes, "now playing", then the play report. Counted from
 * PostgreSQL's own statistics for the bench's database (pg_stat_database: commits and rows
 * written) and from the Redis channel the nodes publish on.
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { sleep } from '../stream/measure.ts';

interface DbCounts {
  /** Transactions committed, reads included (each autocommitted SELECT is one). */
  commits: number;
  /** Rows inserted + updated + deleted, per table. */
  rows: Record<string, number>;
}

/** PostgreSQL flushes a backend's statistics within ~10 s of it going idle (version 15): read them after that. */
const STATS_FLUSH_MS = 12_000;

/** Read on a connection to the bench's own database (its own reads add one commit per call, negligible). */
async function counts(client: pg.Client): Promise<DbCounts> {
  await client.query('select pg_stat_clear_snapshot()');
  const { rows: db } = await client.query('select xact_commit::float8 as commits from pg_stat_database where datname = current_database()');
  const { rows: tables } = await client.query('select relname, (n_tup_ins + n_tup_upd + n_tup_del)::float8 as n from pg_stat_user_tables');
  return { commits: (db[0] as { commits: number }).commits, rows: Object.fromEntries(tables.map((t: { relname: string; n: number }) => [t.relname, t.n])) };
}
const minus = (a: DbCounts, b: DbCounts): DbCounts => ({
  commits: a.commits - b.commits,
  rows: Object.fromEntries(Object.entries(a.rows).map(([t, n]) => [t, n - (b.rows[t] ?? 0)])),
});
const scaled = (a: DbCounts, by: number): DbCounts => ({
  commits: a.commits * by,
  rows: Object.fromEntries(Object.entries(a.rows).map(([t, n]) => [t, n * by])),
});
export const rowsWritten = (c: DbCounts) => Object.values(c.rows).reduce((x, y) => x + y, 0);

/** Messages on the nodes' Redis channel while `work` runs (and 1 s after). */
export async function busMessages(redisUrl: string, work: () => Promise<unknown>): Promise<{ messages: number; bytes: number; types: Record<string, number> }> {
  const redis = new Redis(redisUrl);
  let messages = 0;
  let bytes = 0;
  const types: Record<string, number> = {};
  await redis.subscribe('runnel:events');
  redis.on('message', (_channel: string, message: string) => {
    messages++;
    bytes += Buffer.byteLength(message);
    const type = (JSON.parse(message) as { event: { type: string } }).event.type;
    types[type] = (types[type] ?? 0) + 1;
  });
  await work();
  await sleep(1000);
  redis.disconnect();
  return { messages, bytes, types };
}

export interface PlayFigures {
  plays: number;
  perPlay: DbCounts;
  idlePerS: DbCounts;
  bus: { messages: number; bytes: number; types: Record<string, number> };
}

/**
 * `n` plays of `tracks` by the holder of `token`, through `base`; the database's commits and
 * rows per play, less what the idle nodes write in the same time (measured just before).
 */
export async function plays(base: string, token: string, tracks: string[], n: number, dbUrl: string, redisUrl: string): Promise<PlayFigures> {
  const admin = new pg.Client({ connectionString: dbUrl });
  await admin.connect();
  const auth = { authorization: `Bearer ${token}` };
  const call = async (method: string, path: string, body?: object) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body ? { ...auth, 'content-type': 'application/json' } : auth,
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? null : response;
  };
  try {
    // idle: what the nodes commit with nothing happening, over the same kind of window
    await sleep(STATS_FLUSH_MS);
    const idle0 = await counts(admin);
    const idleStarted = performance.now();
    await sleep(STATS_FLUSH_MS);
    const idleS = (performance.now() - idleStarted) / 1000;
    const idlePerS = scaled(minus(await counts(admin), idle0), 1 / idleS);

    const before = await counts(admin);
    const started = performance.now();
    const bus = await busMessages(redisUrl, async () => {
      for (let i = 0; i < n; i++) {
        const id = tracks[i % tracks.length]!;
        const { url } = (await (await call('GET', `/api/v1/tracks/${id}/stream-url`))!.json()) as { url: string };
        const audio = await fetch(new URL(url, base), { headers: { range: 'bytes=0-65535' } });
        await audio.arrayBuffer();
        await call('PUT', '/api/v1/me/player/now-playing', { uri: `runnel:track:${id}` });
        await call('POST', '/api/v1/me/player/recently-played', { uri: `runnel:track:${id}`, played_at: Date.now(), play_id: `benchplay${process.pid}x${i}` });
      }
    });
    await sleep(STATS_FLUSH_MS);
    const windowS = (performance.now() - started) / 1000;
    const delta = minus(minus(await counts(admin), before), scaled(idlePerS, windowS));
    const perPlay = scaled(delta, 1 / n);
    for (const [table, rows] of Object.entries(perPlay.rows)) if (Math.abs(rows) < 0.005) delete perPlay.rows[table];
    return { plays: n, perPlay, idlePerS, bus };
  } finally {
    await admin.end();
  }
}
