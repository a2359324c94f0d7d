import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../process.ts';

/**
 * The shipped configuration (deploy/cluster/haproxy.cfg) with this cluster's addresses filled
 * in, and HAProxy's socket buffers held to 256 KiB: with Linux's receive buffers autotuned up
 * to 32 MiB (tcp_rmem on recent kernels), the balancer's sockets alone could take in the whole
 * 48 MB file of the killed-stream-node test before the kill, and nothing would be cut mid-song.
 */
export function haproxyConfig(port: number, nodes: { name: string; role: string; port: number }[]): string {
  const template = readFileSync(join(REPO_ROOT, 'deploy/cluster/haproxy.cfg'), 'utf8');
  // Each server line under its node's own name: the nodes start in parallel and come up in any order.
  const servers = (role: string) =>
    nodes
      .filter((n) => n.role === role)
      .map((n) => `    server ${n.name} 127.0.0.1:${n.port} check`)
      .join('\n');
  return template
    .replace(/^global\n/m, 'global\n    tune.rcvbuf.server 262144\n    tune.sndbuf.client 262144\n')
    .replace(/^listen stats\n(?:[ \t]+[^\n]*\n|\n)*/m, '') // a fixed port: clusters running at once would collide
    .replace(/^(\s*bind\s+)\S+/m, `$1127.0.0.1:${port}`)
    .replace(/^\s*# api servers[^\n]*\n(?:\s*server [^\n]*\n)*/m, `    # api servers\n${servers('api')}\n`)
    .replace(/^\s*# stream servers[^\n]*\n(?:\s*server [^\n]*\n)*/m, `    # stream servers\n${servers('stream')}\n`)
    .replace(/^\s*# worker servers[^\n]*\n(?:\s*server [^\n]*\n)*/m, `    # worker servers\n${servers('worker')}\n`);
}
