/**
 * What the search benches share: a fresh database, and the server (server.ts) in a process
 * of its own, with its memory read from /proc.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type OpenDatabase } from '../../packages/server/src/db/database.ts';
import { NODE_FLAGS } from '../../packages/server/src/node-flags.ts';

export const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

/** The load average over 1, 5 and 15 minutes. */
export const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');

/** A new, empty database of the kind: a temporary SQLite file, or a database created on the PostgreSQL server at `pgUrl`. */
export async function freshDatabase(
  kind: 'sqlite' | 'postgres',
  pgUrl: string,
): Promise<{ database: OpenDatabase; url: string; remove: () => Promise<void>; file?: string }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'runnel-bench-search-'));
    const file = join(dir, 'runnel.db');
    const database = openDatabase(`sqlite:${file}`);
    return { database, url: `sqlite:${file}`, file, remove: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `runnel_bench_search_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString());
  return {
    database,
    url: url.toString(),
    async remove() {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** The kB figures of /proc/PID/status (VmRSS: resident now; VmHWM: the most it was). */
export function procMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

export type Message = { type: string; [key: string]: unknown };

/** A server process (server.ts, with the server's V8 flags and `extraFlags`) and a way to wait for its messages. */
export function startServer(url: string, dataDir: string, mode: 'saved' | 'rows', extraFlags: readonly string[] = []) {
  const flags = [...NODE_FLAGS, ...extraFlags];
  const spawned = performance.now();
  const child: ChildProcess = fork(join(import.meta.dirname, 'server.ts'), [url, dataDir, mode], {
    execArgv: flags,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const inbox: Message[] = [];
  const waiting: Array<{ type: string; resolve: (m: Message) => void }> = [];
  child.on('message', (message: Message) => {
    const at = waiting.findIndex((w) => w.type === message.type);
    if (at >= 0) waiting.splice(at, 1)[0]!.resolve(message);
    else inbox.push(message);
  });
  const exited = new Promise<never>((_, reject) => child.on('exit', (code) => reject(new Error(`server exited (${code})`))));
  exited.catch(() => {});
  const next = (type: string) =>
    Promise.race([
      new Promise<Message>((resolve) => {
        const at = inbox.findIndex((m) => m.type === type);
        if (at >= 0) resolve(inbox.splice(at, 1)[0]!);
        else waiting.push({ type, resolve });
      }),
      exited,
    ]);
  return {
    child,
    next,
    sinceSpawnS: () => (performance.now() - spawned) / 1000,
    async ask(type: string, answer: string) {
      child.send({ type });
      return next(answer);
    },
    async stop() {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await gone;
    },
  };
}
