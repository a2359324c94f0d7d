// The README's two commands on a fresh clone, timed: `npm start` to the URL (npm ci and
// the web build included) and to the demo library, then the whole `npm test`.
//   node_modules/.bin/node bench/fresh-machine/run.ts [--tools hidden|system] [--start-only]
// hidden (default): PATH has only Node.js, npm and the basics, so the npm-packaged ffmpeg,
// Chromium and xmllint are used; system: the machine's PATH (Debian's copies if installed).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freshMachine, quickStartCommands, runToEnd } from '../../packages/server/test/fresh-machine.ts';
import { spawnUntilUrl } from '../../packages/server/test/process.ts';

const { values } = parseArgs({ options: { tools: { type: 'string', default: 'hidden' }, 'start-only': { type: 'boolean', default: false } } });
const tools = values.tools === 'system' ? 'system' : 'hidden';
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const work = mkdtempSync(join(tmpdir(), 'runnel-fresh-bench-'));
try {
  const [start, test] = quickStartCommands();
  const { checkout, env } = freshMachine(work, { tools });
  console.log(`fresh clone in ${checkout}, tools ${tools}, load ${load()}`);

  const began = performance.now();
  const [startCmd, ...startArgs] = start!.split(' ');
  const running = await spawnUntilUrl(startCmd!, startArgs, { cwd: checkout, env: { ...env, RUNNEL_PORT: '0' }, timeoutMs: 600_000 });
  const ready = performance.now();
  while (!/Library ready: [1-9]/.test(running.output())) {
    if (performance.now() - ready > 120_000) throw new Error(`no demo library 120 s after the URL:\n${running.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const library = performance.now();
  await running.stop('SIGTERM');
  console.log(`npm start → URL: ${seconds(ready - began)}; demo library scanned ${seconds(library - ready)} later (load ${load()})`);

  if (!values['start-only']) {
    const testing = performance.now();
    const [testCmd, ...testArgs] = test!.split(' ');
    const result = await runToEnd(testCmd!, testArgs, { cwd: checkout, env });
    // The last summary is the run's own (the quick-start test prints its clone's before it).
    const last = (k: string) => [...result.output.matchAll(new RegExp(`ℹ ${k} (\\d+)`, 'g'))].at(-1)?.[1] ?? '?';
    const counts = ['tests', 'pass', 'fail', 'cancelled', 'skipped'].map((k) => `${k} ${last(k)}`).join(', ');
    console.log(`npm test: ${seconds(performance.now() - testing)}, exit ${result.code}, ${counts} (load ${load()})`);
    // What failed, with node's reasons: the report's last 'failing tests' section.
    if (result.code !== 0) console.log(result.output.slice(result.output.lastIndexOf('✖ failing tests:')).split('\n').slice(0, 300).join('\n'));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
