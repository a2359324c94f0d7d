/**
 * The processes of bench/cluster: Runnel nodes (`runnel serve`, as deployed) and HAProxy with
 * deploy/cluster/haproxy.cfg, its `bind` and `server` lines set to this machine's ports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { freePort } from '../../packages/server/src/testing/ports.ts';
import { join } from 'node:path';
import { RUNNEL_BIN, spawnUntilUrl, type RunningProcess } from '../../packages/server/test/process.ts';
import { sleep } from '../stream/measure.ts';

export interface NodeOptions {
  db: string;
  data: string;
  music: string;
  /** `memory` (one node) or a redis:// URL. */
  bus: string;
  /** Behind HAProxy on this machine: believe X-Forwarded-For from 127.0.0.1. */
  behindProxy: boolean;
}

export interface RunnelNode extends RunningProcess {
  name: string;
  pid: number;
  port: number;
}

/** Starts `runnel serve` on a free port and waits until it answers /health. */
export async function startNode(name: string, o: NodeOptions): Promise<RunnelNode> {
  const args = [RUNNEL_BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--db', o.db, '--data', o.data, '--music', o.music, '--bus', o.bus];
  if (o.behindProxy) args.push('--trust-proxy', '127.0.0.1');
  const running = await spawnUntilUrl(process.execPath, args, { timeoutMs: 120_000 });
  const port = Number(new URL(running.url).port);
  await until(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, 60_000, `${name} healthy`);
  return { ...running, name, pid: running.child.pid!, port };
}

export async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

export interface Balancer {
  url: string;
  statsUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * HAProxy as deploy/cluster/haproxy.cfg has it, with these api and stream nodes; its request
 * log is written (to /dev/null) as a deployment would write it to syslog.
 */
export async function startHaproxy(work: string, api: RunnelNode[], stream: RunnelNode[]): Promise<Balancer> {
  const port = await freePort();
  const statsPort = await freePort();
  const servers = (nodes: RunnelNode[]) => nodes.map((n) => `    server ${n.name} 127.0.0.1:${n.port} check`).join('\n');
  const shipped = readFileSync(new URL('../../deploy/cluster/haproxy.cfg', import.meta.url), 'utf8');
  const lines: string[] = [];
  let bound = false;
  for (const line of shipped.split('\n')) {
    if (/^\s*(server |stats socket )/.test(line)) continue;
    if (/^\s*log \/dev\/log/.test(line)) lines.push('    log stdout format raw local0');
    else if (/^\s*bind 127\.0\.0\.1:8404$/.test(line)) lines.push(`    bind 127.0.0.1:${statsPort}`);
    else if (/^\s*bind /.test(line) && !bound) {
      lines.push(`    bind 127.0.0.1:${port}`);
      bound = true;
    }
    // BENCH_API_BALANCE='hdr(Authorization)': the api backend by another algorithm (to compare)
    else if (/^\s*balance roundrobin$/.test(line) && process.env.BENCH_API_BALANCE) lines.push(`    balance ${process.env.BENCH_API_BALANCE}`);
    else lines.push(line);
    if (/# api servers$/.test(line)) lines.push(servers(api));
    if (/# stream servers$/.test(line)) lines.push(servers(stream));
  }
  const config = join(work, 'haproxy.cfg');
  writeFileSync(config, lines.join('\n'));
  const child: ChildProcess = spawn('/usr/sbin/haproxy', ['-db', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await until(async () => (await fetch(`${url}/health`)).ok, 20_000, `HAProxy (${errors})`);
  // every server up (health checks every 2 s, up after 2)
  const statsUrl = `http://127.0.0.1:${statsPort}/`;
  await until(async () => upServers(await (await fetch(`${statsUrl};csv`)).text()) === api.length + stream.length, 20_000, 'all servers up in HAProxy');
  return {
    url,
    statsUrl,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const upServers = (csv: string) => csv.split('\n').filter((l) => /^(api|stream),/.test(l) && !l.includes(',BACKEND,') && l.includes(',UP,')).length;

/** Requests each server has answered so far (HAProxy's stats: stot). */
export async function requestsPerServer(balancer: Balancer): Promise<Record<string, number>> {
  const csv = await (await fetch(`${balancer.statsUrl};csv`)).text();
  const [header, ...rows] = csv.replace(/^# /, '').split('\n');
  const columns = header!.split(',');
  const name = columns.indexOf('svname');
  const total = columns.indexOf('stot');
  const out: Record<string, number> = {};
  for (const row of rows) {
    const cells = row.split(',');
    if (cells[name] && cells[name] !== 'BACKEND' && cells[name] !== 'FRONTEND' && /^(api|stream)$/.test(cells[0]!))
      out[`${cells[0]}/${cells[name]}`] = Number(cells[total]);
  }
  return out;
}
