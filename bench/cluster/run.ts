/**
 * bench/cluster: what the cluster path costs per request, and what one node carries (issue 20).
 *
 * One PostgreSQL database holds a synthetic catalogue (bench/search's: 1M tracks by default,
 * written to the search table) and four real 3-minute 320 kbps MP3s, scanned. Three
 * `runnel serve` processes share it and one data folder:
 *   - single: one node, in-process event bus, clients straight to it (the baseline);
 *   - cluster: two nodes on the Redis bus behind HAProxy (deploy/cluster/haproxy.cfg).
 * 1. Per-request overhead, paced (each of --connections waits --pace-ms between requests, so
 *    the servers work at a moderate share of a core and latency is service time, not a
 *    queue): GET /api/v1/me and search keystrokes (bench/search's typed queries), the two
 *    setups alternately; p50/p99, requests/s, and CPU per request summed over every process
 *    on the path (HAProxy + both nodes, or the one node). Aim: ≤ 15 % over the single node.
 * 2. Per-node capacity, flat out against one node: requests/s for /me, search, and a page
 *    load (the seven API requests of the web player's home); and the cluster's total through
 *    HAProxy (two nodes on the same two cores: not twice one node).
 * 3. Listeners on one node: --listeners 320 kbps streams read at real time, CPU share of the
 *    node (and of HAProxy when through it).
 * 4. Database writes and bus messages per play (plays.ts), through the cluster.
 *
 *   node_modules/.bin/node bench/cluster/run.ts [--tracks 1000000] [--seconds 10] [--connections 8]
 *        [--pace-ms 20] [--rounds 2] [--listeners 500] [--hold 30] [--plays 200] [--parts 1,2,3,4]
 *        [--pg postgres://postgres@127.0.0.1:5432/postgres] [--redis redis://127.0.0.1:6379]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrate, openDatabase } from '../../packages/server/src/db/database.ts';
import { createSearchRepository } from '../../packages/server/src/search/repository.ts';
import { generateAudio } from '../../packages/server/src/streaming/testing.ts';
import { RUNNEL_BIN } from '../../packages/server/test/process.ts';
import { syntheticCatalogue } from '../search/catalog.ts';
import { fmt, rss } from '../stream/measure.ts';
import { idleCpu, listeners, loadNow, wrk, type Figures, type Load } from './load.ts';
import { plays, rowsWritten } from './plays.ts';
import { requestsPerServer, startHaproxy, startNode, until, type RunnelNode } from './processes.ts';

const { values } = parseArgs({
  options: {
    tracks: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    'pace-ms': { type: 'string', default: '20' },
    /** Search costs ~10× a GET /me: paced slower to stay at a moderate share of a core. */
    'search-pace-ms': { type: 'string', default: '200' },
    'capacity-connections': { type: 'string', default: '32' },
    rounds: { type: 'string', default: '2' },
    listeners: { type: 'string', default: '500' },
    hold: { type: 'string', default: '30' },
    plays: { type: 'string', default: '200' },
    parts: { type: 'string', default: '1,2,3,4' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
  },
});
const PARTS = new Set(values.parts.split(','));
const TRACKS = Number(values.tracks);
const paced: Load = { connections: Number(values.connections), seconds: Number(values.seconds), delayMs: Number(values['pace-ms']) };
const flat: Load = { connections: Number(values['capacity-connections']), seconds: Number(values.seconds), delayMs: 0 };
const work = mkdtempSync(join(tmpdir(), 'runnel-bench-cluster-'));
const data = join(work, 'data');
const media = join(import.meta.dirname, '.cache', 'media');

// ---------- database: the synthetic catalogue, then four real tracks ----------
const dbName = `runnel_bench_cluster_${process.pid}`;
const admin = new pg.Client({ connectionString: values.pg });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
await admin.end();
const dbUrl = Object.assign(new URL(values.pg), { pathname: `/${dbName}` }).toString();
const nodes: RunnelNode[] = [];
let balancer: Awaited<ReturnType<typeof startHaproxy>> | undefined;
try {
  const database = openDatabase(dbUrl);
  await migrate(database.db);
  const repo = createSearchRepository(database.db);
  const catalogue = syntheticCatalogue(TRACKS);
  let written = 0;
  const t0 = performance.now();
  await catalogue.generate(async (docs) => {
    await repo.upsert(docs, 0);
    written += docs.length;
  }, 10_000);
  await database.close();
  console.log(`catalogue: ${written.toLocaleString('en')} search documents in ${((performance.now() - t0) / 1000).toFixed(1)} s (load ${loadNow()})`);
  mkdirSync(media, { recursive: true });
  for (const [i, name] of ['a', 'b', 'c', 'd'].entries()) {
    const path = join(media, `${name}.mp3`);
    if (!existsSync(path))
      await generateAudio(path, 'tone', 180, ['-af', `asetrate=44100*${1 + i / 10},aresample=44100`, '-ac', '2', '-c:a', 'libmp3lame', '-b:a', '320k']);
  }

  // ---------- nodes ----------
  const common = { db: dbUrl, data, music: media };
  let single = await startNode('single', { ...common, bus: 'memory', behindProxy: false });
  nodes.push(single);
  let S = `http://127.0.0.1:${single.port}`;
  const setup = await fetch(`${S}/api/v1/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: 'bench-password' }),
  });
  if (!setup.ok) throw new Error(`setup: ${setup.status}`);
  // Premium: streams are the 320 kbps originals (Free is capped at 160 and would be transcoded).
  execFileSync(process.execPath, [RUNNEL_BIN, 'user', 'set-tier', 'bench', 'premium', '--db', dbUrl, '--data', data], { stdio: 'ignore' });
  const login = await fetch(`${S}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: 'bench-password' }),
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${token}` };
  const get = async <T>(base: string, path: string) => {
    const response = await fetch(`${base}${path}`, { headers });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
    return (await response.json()) as T;
  };
  // the search index loaded (its total stops moving), and the four tracks scanned
  const searchReady = (base: string) => {
    let last = -1;
    return until(
      async () => {
        const total = (await get<{ tracks: { total: number } }>(base, '/api/v1/search?q=love&type=track&limit=1')).tracks.total;
        const stable = total > 0 && total === last;
        last = total;
        return stable;
      },
      600_000,
      'the search index',
    );
  };
  await searchReady(S);
  let tracks: string[] = [];
  await until(
    async () => {
      const albums = await get<{ items: { id: string }[] }>(S, '/api/v1/albums?sort=name&limit=50');
      const lists = await Promise.all(albums.items.map((a) => get<{ items: { id: string }[] }>(S, `/api/v1/albums/${a.id}/tracks`)));
      tracks = lists.flatMap((l) => l.items.map((t) => t.id));
      return tracks.length >= 4;
    },
    120_000,
    'the four tracks scanned',
  );
  // Started again, so that the single node reads the saved index as the cluster's nodes do: a
  // process that built it from the table's rows keeps a larger, fragmented heap (bench/search).
  await single.stop();
  single = await startNode('single', { ...common, bus: 'memory', behindProxy: false });
  nodes[0] = single;
  S = `http://127.0.0.1:${single.port}`;
  await searchReady(S);
  for (const name of ['node1', 'node2']) nodes.push(await startNode(name, { ...common, bus: values.redis, behindProxy: true }));
  const [, a, b] = nodes as [RunnelNode, RunnelNode, RunnelNode];
  for (const n of [a, b]) await searchReady(`http://127.0.0.1:${n.port}`);
  balancer = await startHaproxy(work, [a, b], [a, b]);
  const C = balancer.url;
  console.log(
    `nodes ready: single rss ${fmt(rss(single.pid), 0)} MB, node1 ${fmt(rss(a.pid), 0)} MB, node2 ${fmt(rss(b.pid), 0)} MB; HAProxy ${execFileSync('/usr/sbin/haproxy', ['-v']).toString().split('\n')[0]} (load ${loadNow()})`,
  );

  const queries = catalogue.queries(200);
  const keystrokes = queries.flatMap((q) => [...q].map((_, i) => q.slice(0, i + 1)).filter((k) => k.trim()));
  const searchPaths = keystrokes.map((k) => `/api/v1/search?q=${encodeURIComponent(k)}&type=track,album,artist&limit=10`);
  const pagePaths = [
    '/api/v1/me',
    '/api/v1/server-info',
    '/api/v1/me/plan',
    '/api/v1/me/sidebar',
    '/api/v1/me/player/queue',
    '/api/v1/browse/new-releases?limit=50',
    '/api/v1/me/feed?limit=50',
  ];
  for (const path of pagePaths) await get(C, path);
  const sets = { 'GET /api/v1/me': ['/api/v1/me'], [`search (${keystrokes.length} keystrokes)`]: searchPaths, 'page load (7 requests)': pagePaths };
  const line = (label: string, f: Figures, per = 1) =>
    `  ${label.padEnd(30)} ${fmt(f.rps / per, 0).padStart(7)} ${per > 1 ? 'pages' : 'req'}/s  p50 ${fmt(f.p50, 2).padStart(6)} ms  p99 ${fmt(f.p99, 2).padStart(7)} ms  CPU ${fmt(f.cpuUs, 0).padStart(4)} µs/request (${f.cpuUsBy.map((c) => fmt(c, 0)).join(' + ')})  load ${f.load}`;

  if (PARTS.has('1')) {
    const pacedSearch = { ...paced, delayMs: Number(values['search-pace-ms']) };
    console.log(
      `\n1. per-request overhead, paced: ${paced.connections} connections, ${paced.delayMs} ms (search ${pacedSearch.delayMs} ms) between requests each, ${paced.seconds} s, wrk -t1; api backend: balance ${process.env.BENCH_API_BALANCE ?? 'roundrobin'}`,
    );
    // CPU per request less each process's idle CPU (health checks, timers), measured now over 10 s
    const idle = await idleCpu([single.pid, balancer.pid, a.pid, b.pid], 10);
    console.log(`  idle CPU (subtracted), ms/s: single ${fmt(idle[0]!)}, HAProxy ${fmt(idle[1]!)}, node1 ${fmt(idle[2]!)}, node2 ${fmt(idle[3]!)}`);
    for (const [label, paths] of Object.entries(sets).slice(0, 2)) {
      for (let round = 1; round <= Number(values.rounds); round++) {
        const pace = paths === searchPaths ? pacedSearch : paced;
        const one = wrk(work, S, paths, headers, pace, [single.pid], idle.slice(0, 1));
        const two = wrk(work, C, paths, headers, pace, [balancer.pid, a.pid, b.pid], idle.slice(1));
        console.log(`${label}, round ${round}`);
        console.log(line('single node (node)', one));
        console.log(line('cluster (HAProxy + node1 + node2)', two));
        console.log(
          `  cluster / single: p50 ${fmt(two.p50 / one.p50, 2)}x, p99 ${fmt(two.p99 / one.p99, 2)}x, CPU per request ${fmt(two.cpuUs / one.cpuUs, 2)}x (aim <= 1.15), req/s ${fmt(two.rps / one.rps, 2)}`,
        );
      }
    }
  }
  if (PARTS.has('2')) {
    console.log(`\n2. capacity, flat out: ${flat.connections} connections, ${flat.seconds} s, wrk -t1 (on the same 2 cores as wrk and the other nodes, idle)`);
    for (const [label, paths] of Object.entries(sets)) {
      const per = paths === pagePaths ? pagePaths.length : 1;
      console.log(label);
      console.log(line('one node', wrk(work, S, paths, headers, flat, [single.pid]), per));
      console.log(line('cluster: HAProxy + 2 nodes', wrk(work, C, paths, headers, flat, [balancer.pid, a.pid, b.pid]), per));
    }
    console.log(`  requests per server through HAProxy so far: ${JSON.stringify(await requestsPerServer(balancer))}`);
  }
  if (PARTS.has('3')) {
    const n = Number(values.listeners);
    const hold = Number(values.hold);
    const signed = async (base: string) =>
      Promise.all(tracks.map(async (id) => `${base}${(await get<{ url: string }>(base, `/api/v1/tracks/${id}/stream-url`)).url}`));
    console.log(`\n3. listeners: ${n} at 320 kbps (MP3 originals, 7.2 MB each), read at real time with 10 s read-ahead, arriving over 10 s, held ${hold} s`);
    const direct = await listeners(await signed(S), n, 10, hold, [single.pid]);
    console.log(
      `  one node, direct: ${direct.fellBehind} of ${n} fell behind; node CPU ${fmt(direct.cpuShare[0]! * 100)} % of a core = ${fmt((direct.cpuShare[0]! * 1000) / n, 2)} ms/s per listener -> ~${fmt(n / direct.cpuShare[0]!, 0)} listeners per core (load ${direct.load})`,
    );
    const via = await listeners(await signed(C), n, 10, hold, [balancer.pid, a.pid, b.pid]);
    const nodesShare = via.cpuShare[1]! + via.cpuShare[2]!;
    console.log(
      `  through HAProxy to 2 nodes: ${via.fellBehind} of ${n} fell behind; HAProxy ${fmt(via.cpuShare[0]! * 100)} %, nodes ${fmt(nodesShare * 100)} % of a core (load ${via.load})`,
    );
  }
  if (PARTS.has('4')) {
    const n = Number(values.plays);
    const p = await plays(C, token, tracks, n, dbUrl, values.redis);
    console.log(`\n4. plays through the cluster: ${n} (stream URL, first 64 KiB, now playing, play report)`);
    const f = (x: number) => fmt(x, 2);
    const byTable = Object.entries(p.perPlay.rows)
      .map(([t, r]) => `${t} ${f(r)}`)
      .join(', ');
    console.log(
      `  per play: ${f(p.perPlay.commits)} transactions (reads included), ${f(rowsWritten(p.perPlay))} rows written: ${byTable} (idle nodes: ${f(p.idlePerS.commits)} transactions/s, ${f(rowsWritten(p.idlePerS))} rows/s, subtracted)`,
    );
    console.log(
      `  bus: ${f(p.bus.messages / n)} Redis messages per play, ${fmt(p.bus.bytes / Math.max(1, p.bus.messages), 0)} bytes each; ${JSON.stringify(p.bus.types)}`,
    );
  }
} finally {
  await balancer?.stop();
  for (const n of nodes) await n.stop();
  const cleanup = new pg.Client({ connectionString: values.pg });
  await cleanup.connect();
  await cleanup.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await cleanup.end();
  rmSync(work, { recursive: true, force: true });
}
