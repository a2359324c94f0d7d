import { spawn } from 'node:child_process';

/** How much of each output stream is kept: the reports ffmpeg prints last are all we read. */
const TAIL_CHARS = 256 * 1024;

export interface FfmpegRun {
  /** null when ffmpeg died of a signal. */
  exitCode: number | null;
  /** The end of stdout (where `-progress pipe:1` writes). */
  stdout: string;
  /** The end of stderr (where filters print their reports). */
  stderr: string;
}

function tail(stream: NodeJS.ReadableStream): () => string {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    text += chunk;
    if (text.length > 2 * TAIL_CHARS) text = text.slice(-TAIL_CHARS);
  });
  return () => text.slice(-TAIL_CHARS);
}

/**
 * Runs ffmpeg with `args` (no shell: the arguments reach it as they are) and resolves once it
 * has exited, whatever its exit code. On `signal` it is killed outright and the abort reason
 * thrown, only after the process is gone, so no ffmpeg outlives the request that started it.
 */
export async function runFfmpeg(ffmpegPath: string, args: string[], signal: AbortSignal): Promise<FfmpegRun> {
  signal.throwIfAborted();
  const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout = tail(child.stdout);
  const stderr = tail(child.stderr);
  const kill = () => child.kill('SIGKILL');
  signal.addEventListener('abort', kill, { once: true });
  try {
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    signal.throwIfAborted();
    return { exitCode, stdout: stdout(), stderr: stderr() };
  } finally {
    signal.removeEventListener('abort', kill);
  }
}
