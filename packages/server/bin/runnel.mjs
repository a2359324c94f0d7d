#!/usr/bin/env node
// The `runnel` command. Runnel needs Node 24 (it runs its TypeScript through Node's type
// stripping); when started by an older Node, hand over to the runtime the project installs.
// The server runs with the V8 flags in src/node-flags.json (see src/node-flags.ts), read as
// JSON so that no TypeScript is loaded before the restart with them.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  const require = createRequire(import.meta.url);
  const node = require.resolve('node/bin/node');
  const result = spawnSync(node, [new URL(import.meta.url).pathname, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
} else {
  const NODE_FLAGS = JSON.parse(readFileSync(new URL('../src/node-flags.json', import.meta.url), 'utf8'));
  if (NODE_FLAGS.some((flag) => !process.execArgv.includes(flag))) {
    try {
      // Start over with the server's V8 flags; execve replaces this process (same pid and stdio).
      process.execve(process.execPath, [process.execPath, ...process.execArgv, ...NODE_FLAGS, fileURLToPath(import.meta.url), ...process.argv.slice(2)]);
    } catch {
      // not available on this platform: run without them
    }
  }
  // Node keeps compiled (and type-stripped) modules in its compile cache (in the system's temp
  // folder): a short command such as an unchanged `runnel scan` then starts in about half the CPU time.
  const { enableCompileCache } = await import('node:module');
  enableCompileCache?.();
  const { main } = await import('../src/cli.ts');
  await main(process.argv.slice(2));
}
