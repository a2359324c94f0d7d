import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { findOnPath } from '../../tools/path.ts';

/**
 * Debian's `gmediarender` (gmrender-resurrect) as a real UPnP renderer for tests, playing into
 * GStreamer's fakesink in real time (`sync=true`: a track takes as long as it lasts).
 *
 * libupnp will not serve on loopback, so it listens on the machine's first other IPv4
 * interface; a TCP forwarder on 127.0.0.1 puts it where the server's LAN rule lets it be
 * added (the renderer's own outgoing requests reach the server on 127.0.0.1 directly).
 */
export interface TestRenderer {
  /** The description URL through the 127.0.0.1 forwarder. */
  url: string;
  /** The description URL on the interface itself (what SSDP announces). */
  directUrl: string;
  interfaceName: string;
  address: string;
  log: () => string;
  stop(): Promise<void>;
}

/** Why gmediarender cannot run here, or null when it can. */
export function gmediarenderMissing(): string | null {
  if (!findOnPath('gmediarender')) return 'gmediarender is not installed (apt-get install gmediarender gstreamer1.0-plugins-good)';
  if (!lanInterface()) return 'no IPv4 interface other than loopback for libupnp to serve on';
  return null;
}

function lanInterface(): { name: string; address: string } | null {
  for (const [name, addresses] of Object.entries(networkInterfaces()))
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return { name, address: a.address };
  return null;
}

async function freePort(host: string): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 49152 + Math.floor(Math.random() * 16000);
    const ok = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, host, () => probe.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error('no free port');
}

function forward(to: { host: string; port: number }): Promise<Server> {
  const server = createServer((socket) => {
    const upstream = connect(to.port, to.host);
    socket.pipe(upstream).pipe(socket);
    const close = () => (socket.destroy(), upstream.destroy());
    socket.on('error', close);
    upstream.on('error', close);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function startGmediarender(name: string): Promise<TestRenderer> {
  const lan = lanInterface()!;
  const port = await freePort(lan.address);
  const uuid = `runnel-test-${process.pid}-${port}`;
  const child: ChildProcess = spawn(
    'gmediarender',
    ['-I', lan.name, '-p', String(port), '-f', name, '-u', uuid, '--gstout-audiopipe', 'fakesink sync=true', '--logfile', 'stdout'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const directUrl = `http://${lan.address}:${port}/description.xml`;
  const until = performance.now() + 15_000;
  for (;;) {
    const ok = await fetch(directUrl, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || performance.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`gmediarender did not start serving ${directUrl}:\n${log.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const proxy = await forward({ host: lan.address, port });
  const address = proxy.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/description.xml`,
    directUrl,
    interfaceName: lan.name,
    address: lan.address,
    log: () => log,
    async stop() {
      proxy.close();
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
