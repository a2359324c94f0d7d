import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findOnPath } from '../src/tools/path.ts';
import { REPO_ROOT } from './process.ts';

/** The Quick start block of README.md, one command a line, comments dropped. */
export function quickStartCommands(): string[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);
}

/** Programs a machine with only Node.js and npm has (coreutils and the like, which the scripts and tests use): no ffmpeg, ffprobe, xmllint or Chromium. */
const BASICS = [
  'node',
  'npm',
  'npx',
  'sh',
  'bash',
  'env',
  'git',
  'cat',
  'ls',
  'cp',
  'mv',
  'rm',
  'mkdir',
  'mkfifo',
  'rmdir',
  'ln',
  'chmod',
  'uname',
  'sed',
  'grep',
  'tr',
  'head',
  'tail',
  'sort',
  'dirname',
  'basename',
  'test',
  'true',
  'false',
  'id',
  'tar',
  'gzip',
];

/**
 * A fresh clone of this repository's HEAD in `work/runnel` (commit first: the working
 * tree's changes are not in it), the specifications beside it as `work/shared/specs`, and
 * `work/bin`: a PATH of links to the basics only (`tools: 'hidden'`, the default), or the
 * system's PATH, with its ffmpeg, Chromium and xmllint if it has them (`tools: 'system'`).
 */
export function freshMachine(work: string, { tools = 'hidden' }: { tools?: 'hidden' | 'system' } = {}): { checkout: string; env: NodeJS.ProcessEnv } {
  const checkout = join(work, 'runnel');
  execFileSync('git', ['clone', '--quiet', '--no-local', REPO_ROOT, checkout]);
  for (let dir = dirname(REPO_ROOT); dir !== dirname(dir); dir = dirname(dir)) {
    if (!existsSync(join(dir, 'shared', 'specs'))) continue;
    mkdirSync(join(work, 'shared'));
    symlinkSync(join(dir, 'shared', 'specs'), join(work, 'shared', 'specs'));
    break;
  }
  const bin = join(work, 'bin');
  mkdirSync(bin);
  const systemPath = (process.env.PATH ?? '')
    .split(':')
    .filter((p) => !p.includes('node_modules'))
    .join(':');
  for (const name of BASICS) {
    const path = findOnPath(name, systemPath);
    if (path) symlinkSync(path, join(bin, name));
  }
  // A clean environment: nothing of this test run (npm's, node --test's) leaks into the clone's.
  const keep = ['HOME', 'USER', 'LANG', 'TMPDIR', 'TERM'];
  const env: NodeJS.ProcessEnv = Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
  return {
    checkout,
    env: {
      ...env,
      PATH: tools === 'hidden' ? bin : systemPath,
      npm_config_prefer_offline: 'true',
      npm_config_loglevel: 'error',
      npm_config_update_notifier: 'false',
    },
  };
}

/** Runs a command to its end; resolves with its exit code and output. */
export function runToEnd(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-200_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', (code) => resolve({ code, output }));
  });
}
