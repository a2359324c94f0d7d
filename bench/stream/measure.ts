import { readdirSync, readFileSync } from 'node:fs';
import { Agent, get, type IncomingMessage } from 'node:http';

// Measuring helpers of bench/stream (and bench/api): process memory and CPU time from /proc, time to
// first byte, percentiles.

export const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
export const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** CPU time (user + system, ms) used so far by these processes and their threads. */
export function cpuMs(pids: number[]): number {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  return pids.reduce((sum, pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) * tick;
  }, 0);
}

/** nginx's master and its workers. */
export function nginxPids(master: number): number[] {
  const workers = readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        return Number(readFileSync(`/proc/${e}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === master;
      } catch {
        return false;
      }
    });
  return [master, ...workers.map(Number)];
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
export function ttfb(url: string, headers: Record<string, string> = {}, agent: Agent | false = keepAlive, abort = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const request = get(url, { agent, headers }, (response: IncomingMessage) => {
      if (response.statusCode! >= 300) return reject(new Error(`${url}: ${response.statusCode}`));
      response.once('data', () => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (abort) {
          request.destroy();
          resolve(ms);
        } else {
          response.resume();
          response.once('end', () => resolve(ms));
        }
      });
    });
    request.on('error', (e) => (abort ? undefined : reject(e)));
  });
}
export async function series(n: number, one: (i: number) => Promise<number>) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await one(i));
  return { p50: pct(times, 50), p99: pct(times, 99) };
}
