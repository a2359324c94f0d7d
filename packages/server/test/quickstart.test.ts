import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { REPO_ROOT, spawnUntilUrl } from './process.ts';

const work = mkdtempSync(join(tmpdir(), 'runnel-quickstart-'));
after(() => rmSync(work, { recursive: true, force: true }));

test("the README's first command starts Runnel on SQLite and /health answers 200", async () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const quickStart = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const commands = quickStart.split('\n').map((line) => line.replace(/#.*/, '').trim()).filter(Boolean);
  assert.deepEqual(commands, ['npm start', 'npm test'], 'the quick start is exactly two commands');

  // A fresh checkout: the repository's files, no node_modules, no data folder.
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: REPO_ROOT }).toString().split('\0').filter(Boolean);
  const checkout = join(work, 'runnel');
  for (const file of files) {
    try {
      cpSync(join(REPO_ROOT, file), join(checkout, file), { recursive: true });
    } catch {
      // a file deleted in the working tree but still tracked
    }
  }
  // As on a new machine: the system's Node first on PATH (npm's own bin directory).
  const systemPath = (process.env.PATH ?? '').split(':').filter((p) => !p.includes('node_modules')).join(':');
  const [command, ...args] = commands[0]!.split(' ');
  const running = await spawnUntilUrl(command!, args, {
    cwd: checkout,
    env: { ...process.env, PATH: systemPath, RUNNEL_PORT: '0', RUNNEL_LOG_LEVEL: 'warn', npm_config_loglevel: 'error' },
    timeoutMs: 240_000,
  });
  try {
    const health = await fetch(new URL('/health', running.url));
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { checks: { database: { ok: boolean } } }).checks.database.ok, true);
    assert.match(running.output(), /runnel-data/, 'the data folder is in the working directory');
    execFileSync('test', ['-f', join(checkout, 'runnel-data', 'runnel.db')]);
  } finally {
    await running.stop('SIGTERM');
  }
});
