/**
 * bench/api: requests/s and p99 of an authenticated GET /api/v1/me on Runnel against a bare
 * Fastify route answering the same JSON, both loaded the same way in the same run.
 * The load comes from wrk (Debian package `wrk`, written in C so the client is not the
 * bottleneck); without it, from autocannon.
 * Both servers' CPU time per request (user + system of all their threads, from
 * /proc/<pid>/stat) is printed with the load average: on a shared machine requests/s
 * shows how the cores were shared, CPU per request what each server costs. With
 * --rounds N the two are measured alternately N times.
 * BENCH_SERVER_FLAGS='--cpu-prof --cpu-prof-dir=DIR' profiles Runnel's side.
 * Usage: node bench/api/run.ts [--seconds 10] [--connections 50] [--rounds 1] [--db postgres://…]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { freshDatabaseUrl } from '../../packages/server/src/testing/database.ts';
import { spawnUntilUrl, RUNNEL_BIN } from '../../packages/server/test/process.ts';
import { cpuMs } from '../stream/measure.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '1' },
    db: { type: 'string' },
  },
});
const duration = Number(values.seconds);
const connections = Number(values.connections);
const rounds = Number(values.rounds);
const data = mkdtempSync(join(tmpdir(), 'runnel-bench-api-'));
const hasWrk = (() => {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as { status?: number }).status === 1; // wrk --version exits 1 but exists
  }
})();

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  cpuUs?: number;
  load?: string;
}

function wrk(url: string, headers: Record<string, string>, seconds: number): Figures {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), url];
  const out = execFileSync('wrk', args).toString();
  const ms = (label: string) => {
    const m = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`).exec(out);
    if (!m) throw new Error(`wrk output without ${label}:\n${out}`);
    return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
  };
  if (/Non-2xx/.test(out)) throw new Error(`${url}: non-2xx answers\n${out}`);
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]), p50: ms('50%'), p99: ms('99%') };
}

/** Load for `duration` seconds, with the server's CPU time per request (pid: the server process). */
async function load(url: string, headers: Record<string, string>, pid: number, warmUp = true): Promise<Figures> {
  const loadAtStart = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  if (hasWrk) {
    if (warmUp) wrk(url, headers, 2);
    const before = cpuMs([pid]);
    const result = wrk(url, headers, duration);
    return { ...result, cpuUs: ((cpuMs([pid]) - before) * 1000) / (result.rps * duration), load: loadAtStart };
  }
  await autocannon({ url, headers, connections, duration: 2 });
  const result = await autocannon({ url, headers, connections, duration });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

// PostgreSQL: a fresh database on that server for this run.
if (values.db) process.env.RUNNEL_TEST_DB = values.db;
const database = values.db ? await freshDatabaseUrl() : undefined;
// An empty music folder: no demo library being generated and scanned while we measure.
const music = mkdtempSync(join(tmpdir(), 'runnel-bench-api-music-'));
// BENCH_SERVER_FLAGS adds Node flags to Runnel's process (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
const flags = process.env.BENCH_SERVER_FLAGS ? process.env.BENCH_SERVER_FLAGS.split(' ') : [];
const runnel = await spawnUntilUrl(process.execPath, [
  ...flags,
  RUNNEL_BIN,
  'serve',
  '--port',
  '0',
  '--data',
  data,
  '--music',
  music,
  ...(database ? ['--db', database.url] : []),
]);
const bare = await spawnUntilUrl(process.execPath, [new URL('./bare-server.ts', import.meta.url).pathname]);
try {
  const setup = await fetch(new URL('/api/v1/auth/setup', runnel.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: 'bench-password' }),
  });
  const { access_token } = (await setup.json()) as { access_token: string };
  const row = (name: string, r: Figures) =>
    `${name.padEnd(36)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms${r.cpuUs === undefined ? '' : `   CPU ${r.cpuUs.toFixed(1)} µs/request (load ${r.load})`}`;
  console.log(
    `\nbench/api — ${hasWrk ? 'wrk' : 'autocannon'}, ${connections} connections, ${duration} s each, Runnel on ${values.db ? 'PostgreSQL' : 'SQLite'}, default log level`,
  );
  for (let round = 0; round < rounds; round++) {
    const ours = await load(new URL('/api/v1/me', runnel.url).toString(), { authorization: `Bearer ${access_token}` }, runnel.child.pid!, round === 0);
    const base = await load(new URL('/api/v1/me', bare.url).toString(), {}, bare.child.pid!, round === 0);
    console.log(row('Runnel GET /api/v1/me (bearer token)', ours));
    console.log(row('bare Fastify route (baseline)', base));
    const cpu =
      ours.cpuUs && base.cpuUs ? `, CPU per request ${(ours.cpuUs / base.cpuUs).toFixed(2)}x (baseline/Runnel ${(base.cpuUs / ours.cpuUs).toFixed(2)})` : '';
    console.log(`ratio Runnel / baseline: requests/s ${(ours.rps / base.rps).toFixed(2)} (aim >= 0.7), p99 ${(ours.p99 / base.p99).toFixed(2)}x${cpu}`);
  }
} finally {
  await runnel.stop();
  await bare.stop();
  rmSync(data, { recursive: true, force: true });
  rmSync(music, { recursive: true, force: true });
  await database?.remove();
}
