import { readFileSync } from 'node:fs';
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
