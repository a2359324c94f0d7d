import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './ports.ts';

export interface Balancer {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  stop(): Promise<void>;
}

const HAPROXY = process.env.RUNNEL_TEST_HAPROXY ?? 'haproxy';

/**
 * A real HAProxy in front of `ports` (on 127.0.0.1), for the cluster mode of the tests: round
 * robin, so consecutive requests go to the nodes in turn, each node checked on `/health`.
 * A missing or failing HAProxy is an error, never a skip.
 */
export function startBalancer(ports: number[]): Promise<Balancer> {
  return runHaproxy((port) => haproxyConfig(port, ports));
}

/** HAProxy (`RUNNEL_TEST_HAPROXY`, else the system's) in the foreground with the configuration made for a free port; resolves once it listens. */
export async function runHaproxy(configFor: (port: number) => string): Promise<Balancer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await start(port, configFor(port));
    } catch (error) {
      // Another process may have taken the free port before HAProxy bound it.
      if (attempt >= 3) throw error;
    }
  }
}

async function start(port: number, text: string): Promise<Balancer> {
  const dir = mkdtempSync(join(tmpdir(), 'runnel-haproxy-'));
  const config = join(dir, 'haproxy.cfg');
  writeFileSync(config, text);
  const child = spawn(HAPROXY, ['-db', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.once('error', (error) => (stderr += `${error.message}\n`));
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      // Said at once: otherwise the tests only see refused connections.
      if (!stopping) process.stderr.write(`haproxy on port ${port} exited (${code ?? signal}): ${stderr}\n`);
      resolve();
    }),
  );
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const stop = async () => {
    stopping = true;
    process.off('exit', kill);
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}

function haproxyConfig(port: number, ports: number[]): string {
  return [
    'global',
    '  nbthread 1',
    '  maxconn 2000',
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    '  timeout client 10m',
    '  timeout server 10m',
    '  timeout tunnel 1h',
    '  timeout http-request 10m',
    'frontend runnel',
    `  bind 127.0.0.1:${port}`,
    '  default_backend nodes',
    'backend nodes',
    '  balance roundrobin',
    '  option httpchk',
    '  http-check send meth GET uri /health ver HTTP/1.1 hdr host localhost',
    ...ports.map((p, i) => `  server node${i + 1} 127.0.0.1:${p} check inter 5s`),
    '',
  ].join('\n');
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null)
      throw new Error(`haproxy exited (${child.exitCode ?? child.signalCode}): ${stderr()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() - started > 10_000) throw new Error(`haproxy did not open port ${port} in 10 s: ${stderr()}`);
    await sleep(20);
  }
}
