import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../process.ts';

/** The shipped configuration (deploy/cluster/haproxy.cfg) with this cluster's addresses filled in. */
export function haproxyConfig(port: number, api: number[], stream: number[]): string {
  const template = readFileSync(join(REPO_ROOT, 'deploy/cluster/haproxy.cfg'), 'utf8');
  const servers = (kind: string, ports: number[]) => ports.map((p, i) => `    server ${kind}${i + 1} 127.0.0.1:${p} check`).join('\n');
  return template
    .replace(/^listen stats\n(?:[ \t]+[^\n]*\n|\n)*/m, '') // a fixed port: clusters running at once would collide
    .replace(/^(\s*bind\s+)\S+/m, `$1127.0.0.1:${port}`)
    .replace(/^\s*# api servers[^\n]*\n(?:\s*server [^\n]*\n)*/m, `    # api servers\n${servers('api', api)}\n`)
    .replace(/^\s*# stream servers[^\n]*\n(?:\s*server [^\n]*\n)*/m, `    # stream servers\n${servers('stream', stream)}\n`);
}

/** HAProxy from the system (Debian's package), in the foreground; resolves once it listens. */
export async function startHaproxy(dir: string, config: string, port: number): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  const child = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-8192)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (error) => (errors += `\n${error.message} (is haproxy installed? Debian: apt-get install haproxy)`));
  for (const end = Date.now() + 10_000; ;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`haproxy exited: ${errors}`);
    const up = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (up) break;
    if (Date.now() > end) throw new Error(`haproxy not answering on ${port}: ${errors}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
