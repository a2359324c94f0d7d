/**
 * Load for bench/cluster: wrk over a list of paths (a Lua script cycles through them), either
 * flat out or paced (each connection waits between requests, so the servers are at a
 * moderate share of their capacity and latency is service time, not queueing); and
 * listeners reading 320 kbps streams at real time with a player's read-ahead.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { get, type IncomingMessage } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { cpuMs, sleep } from '../stream/measure.ts';

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  /** CPU time (user + system) of the measured processes per request, µs. */
  cpuUs: number;
  /** Each process's share of that, µs per request. */
  cpuUsBy: number[];
  load: string;
}

export const loadNow = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export interface Load {
  connections: number;
  seconds: number;
  /** Per connection, between requests (0: flat out). */
  delayMs: number;
}

/** wrk against `base` cycling through `paths`; CPU of `pids` over the run. */
/** CPU ms per second each process uses with no requests (timers, health checks, pools). */
export async function idleCpu(pids: number[], seconds: number): Promise<number[]> {
  const before = pids.map((pid) => cpuMs([pid]));
  await sleep(seconds * 1000);
  return pids.map((pid, i) => (cpuMs([pid]) - before[i]!) / seconds);
}

/** wrk against `base` cycling through `paths`; CPU of `pids` over the run, less their idle CPU (`idle`, ms/s) when given. */
export function wrk(work: string, base: string, paths: string[], headers: Record<string, string>, load: Load, pids: number[], idle?: number[]): Figures {
  const script = join(work, `paths-${paths.length}-${load.delayMs}.lua`);
  const luaHeaders = Object.entries(headers)
    .map(([k, v]) => `[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)
    .join(', ');
  writeFileSync(
    script,
    [
      `local paths = { ${paths.map((p) => JSON.stringify(p)).join(', ')} }`,
      'local i = 0',
      `local headers = { ${luaHeaders} }`,
      'request = function() i = i % #paths + 1; return wrk.format("GET", paths[i], headers) end',
      load.delayMs > 0 ? `delay = function() return ${load.delayMs} end` : '',
    ].join('\n'),
  );
  const run = (seconds: number) => {
    const out = execFileSync('wrk', ['-t1', `-c${load.connections}`, `-d${seconds}s`, '--latency', '-s', script, base]).toString();
    if (/Non-2xx/.test(out)) throw new Error(`${base}${paths[0]}: non-2xx answers\n${out}`);
    return out;
  };
  run(2); // warm-up
  const load0 = loadNow();
  const before = pids.map((pid) => cpuMs([pid]));
  const out = run(load.seconds);
  const ms = (label: string) => {
    const m = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`).exec(out);
    if (!m) throw new Error(`wrk output without ${label}:\n${out}`);
    return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
  };
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]);
  const requests = rps * load.seconds;
  const cpuUsBy = pids.map((pid, i) => ((cpuMs([pid]) - before[i]! - (idle?.[i] ?? 0) * load.seconds) * 1000) / requests);
  return { rps, p50: ms('50%'), p99: ms('99%'), cpuUs: cpuUsBy.reduce((a, b) => a + b, 0), cpuUsBy, load: load0 };
}

const RATE = 320_000 / 8; // bytes per second of a 320 kbps stream
const AHEAD_S = 10;
const GRACE_S = 2;

export interface Held {
  listeners: number;
  fellBehind: number;
  /** CPU of the measured processes over the hold, as a share of one core. */
  cpuShare: number[];
  load: string;
}

/**
 * `n` listeners arriving over `rampS`, each reading its stream at real time with 10 s of
 * read-ahead (as a player does), held for `holdS` after the last arrived; CPU of `pids`
 * measured over the hold, when all are listening.
 */
export async function listeners(urls: string[], n: number, rampS: number, holdS: number, pids: number[]): Promise<Held> {
  const state: Array<{ start: number; bytes: number; response?: IncomingMessage; paused: boolean; failed: boolean }> = [];
  const fail = (i: number) => (state[i]!.failed = true);
  for (let i = 0; i < n; i++) {
    state.push({ start: 0, bytes: 0, paused: false, failed: false });
    setTimeout(
      () => {
        const s = state[i]!;
        s.start = performance.now();
        const request = get(urls[i % urls.length]!, { agent: false }, (response) => {
          if (response.statusCode !== 200) return fail(i);
          s.response = response;
          response.on('data', (chunk: Buffer) => {
            s.bytes += chunk.length;
            if (!s.paused && s.bytes >= RATE * ((performance.now() - s.start) / 1000 + AHEAD_S)) {
              s.paused = true;
              response.pause();
            }
          });
          response.on('end', () => fail(i));
        });
        request.on('error', () => fail(i));
      },
      (i * rampS * 1000) / n,
    );
  }
  const tick = setInterval(() => {
    const now = performance.now();
    for (const [i, s] of state.entries()) {
      if (!s.start || s.failed) continue;
      const elapsed = (now - s.start) / 1000;
      if (s.paused && s.bytes < RATE * (elapsed + AHEAD_S)) {
        s.paused = false;
        s.response?.resume();
      }
      if (elapsed > GRACE_S && s.bytes / RATE < elapsed - GRACE_S) fail(i);
    }
  }, 100);
  await sleep(rampS * 1000 + 3000);
  const load = loadNow();
  const before = pids.map((pid) => cpuMs([pid]));
  const started = performance.now();
  await sleep(holdS * 1000);
  const wallMs = performance.now() - started;
  const cpuShare = pids.map((pid, i) => (cpuMs([pid]) - before[i]!) / wallMs);
  clearInterval(tick);
  const fellBehind = state.filter((s) => s.failed).length;
  for (const s of state) s.response?.destroy();
  return { listeners: n, fellBehind, cpuShare, load };
}
