import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const RUNNEL_BIN = fileURLToPath(new URL('../bin/runnel.mjs', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface RunningProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Sends a signal to the whole process group and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawns a command in its own process group and waits until it prints the URL to open. */
export function spawnUntilUrl(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunningProcess> {
  const child = spawn(command, args, { cwd: options.cwd ?? REPO_ROOT, env: options.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      kill(child, 'SIGKILL');
      reject(new Error(`no URL printed within ${options.timeoutMs ?? 30000} ms:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    let found = false;
    const onData = (chunk: Buffer) => {
      // Keep the last 64 KiB only: a busy server logs a line per request.
      output = (output + chunk.toString()).slice(-65536);
      if (found) return;
      const match = /open (http:\/\/\S+\/)/.exec(output);
      if (match) {
        found = true;
        clearTimeout(timer);
        resolve({
          child,
          url: match[1]!,
          output: () => output,
          async stop(signal = 'SIGTERM') {
            kill(child, signal);
            return exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing a URL:\n${output}`));
    });
  });
}

function kill(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}
