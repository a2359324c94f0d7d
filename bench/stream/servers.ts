import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The two servers bench/stream's scripts compare: Runnel (server.ts, in its own process) and
// nginx, both over the same folder of audio, in a scratch folder removed at exit.

const here = new URL('.', import.meta.url).pathname;

export interface BenchWork {
  /** The scratch folder (nginx's prefix lives in it). */
  work: string;
  /** Runnel's data folder. */
  dataDir: string;
  children: ChildProcess[];
}

/** A scratch folder readable by nginx's workers (they may run as another user); every child is stopped and the folder removed at exit. */
export function benchWork(name: string): BenchWork {
  const work = mkdtempSync(join(tmpdir(), `runnel-bench-${name}-`));
  const dataDir = join(work, 'data');
  mkdirSync(dataDir);
  chmodSync(work, 0o755);
  chmodSync(dataDir, 0o755);
  const children: ChildProcess[] = [];
  process.on('exit', () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true }); // also when a step failed
  });
  process.on('SIGINT', () => process.exit(130));
  return { work, dataDir, children };
}

/** Starts server.ts over `media` and resolves with what it printed after READY, and its pid. BENCH_SERVER_FLAGS adds Node flags (e.g. --cpu-prof). */
export function startRunnel<T>(w: BenchWork, media: string, catalog: boolean): Promise<T & { pid: number }> {
  const flags = process.env.BENCH_SERVER_FLAGS ? process.env.BENCH_SERVER_FLAGS.split(' ') : [];
  const args = [...flags, join(here, 'server.ts'), media, w.dataDir, ...(catalog ? ['--catalog'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  w.children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /READY (.*)\n/.exec(out);
      if (m) resolve({ ...(JSON.parse(m[1]!) as T), pid: child.pid! });
    });
    child.once('exit', (code) => reject(new Error(`Runnel server exited (${code}): ${out}`)));
  });
}

export interface NginxSetup {
  port: number;
  connections: number;
  /** Extra lines of the `http` block (sendfile and friends). */
  http: string;
  /** `location` blocks of the server. */
  locations: string;
}

/** nginx (Debian's, on PATH) in the foreground under the scratch folder. */
export function startNginx(w: BenchWork, setup: NginxSetup): ChildProcess {
  const prefix = join(w.work, 'nginx');
  mkdirSync(join(prefix, 'tmp'), { recursive: true });
  const conf = join(prefix, 'nginx.conf');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${prefix}/tmp;`).join(' ');
  writeFileSync(
    conf,
    `worker_processes auto;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log;
events { worker_connections ${setup.connections}; }
http {
  access_log off;
  ${setup.http}
  ${temp}
  types { audio/mpeg mp3; audio/flac flac; audio/ogg opus ogg; audio/mp4 m4a; }
  server {
    listen 127.0.0.1:${setup.port};
    ${setup.locations}
  }
}
`,
  );
  const child = spawn('nginx', ['-p', prefix, '-c', conf, '-e', join(prefix, 'error.log')], { stdio: 'inherit' });
  w.children.push(child);
  return child;
}

/** nginx's master process (its workers are its children). */
export const nginxMaster = (w: BenchWork) => Number(readFileSync(join(w.work, 'nginx', 'nginx.pid'), 'utf8'));
