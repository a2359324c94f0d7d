import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { PCM_ARGS } from './decoder.ts';
import { errorText, type Log } from './log.ts';

/** Where the box's PCM goes. Writes are already paced (output.ts): a sink writes at once. */
export interface Sink {
  write(pcm: Buffer): void;
  close(): Promise<void>;
}

export type OutputSpec = { kind: 'alsa' | 'pulse' | 'null' } | { kind: 'file'; path: string };

/** `--output`: alsa, pulse, null or file:PATH. */
export function parseOutput(text: string): OutputSpec | null {
  if (text === 'alsa' || text === 'pulse' || text === 'null') return { kind: text };
  if (text.startsWith('file:') && text.length > 5) return { kind: 'file', path: text.slice(5) };
  return null;
}

export function openSink(spec: OutputSpec, ffmpeg: string, log: Log): Sink {
  if (spec.kind === 'null') return { write: () => {}, close: async () => {} };
  if (spec.kind === 'file') return fileSink(spec.path);
  return deviceSink(spec.kind, ffmpeg, log);
}

/**
 * Raw PCM (s16le, 44.1 kHz, stereo: no header) appended as it is played, so the file's size
 * is what was played so far. `ffmpeg -f s16le -ar 44100 -ac 2 -i FILE` reads it.
 */
function fileSink(path: string): Sink {
  const fd = openSync(path, 'w');
  let open = true;
  return {
    write(pcm) {
      if (open) writeSync(fd, pcm);
    },
    async close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/**
 * A second ffmpeg playing the PCM from its stdin on ALSA's `default` device or PulseAudio.
 * If it dies (the sound card went away), a write two seconds later starts another.
 */
function deviceSink(kind: 'alsa' | 'pulse', ffmpeg: string, log: Log): Sink {
  let child: ChildProcess | null = null;
  let retryAt = 0;
  const start = () => {
    const args = ['-hide_banner', '-loglevel', 'error', ...PCM_ARGS, '-i', 'pipe:0', '-f', kind, kind === 'alsa' ? 'default' : 'runnel-box'];
    const c = spawn(ffmpeg, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let said = '';
    c.stderr!.on('data', (chunk: Buffer) => (said = (said + chunk.toString()).slice(-500)));
    c.stdin!.on('error', () => {}); // EPIPE when it died: the exit below says why
    c.once('error', (error) => log(`the ${kind} output did not start`, { error: errorText(error) }));
    c.once('exit', (code) => {
      if (child === c) child = null;
      if (code) log(`the ${kind} output stopped`, { code, said: said.trim() });
      retryAt = Date.now() + 2000;
    });
    return c;
  };
  return {
    write(pcm) {
      // A sink that died is started again two seconds later at the soonest, not on every write.
      if (!child && Date.now() >= retryAt) child = start();
      if (child?.stdin?.writable) child.stdin.write(pcm);
    },
    async close() {
      const c = child;
      child = null;
      if (!c) return;
      c.stdin?.end();
      await new Promise((resolve) => {
        const timer = setTimeout(() => (c.kill('SIGKILL'), resolve(null)), 2000);
        c.once('exit', () => (clearTimeout(timer), resolve(null)));
      });
    },
  };
}
