#!/usr/bin/env node
// The `runnel` command. Runnel needs Node 24 (it runs its TypeScript through Node's type
// stripping); when started by an older Node, hand over to the runtime the project installs.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  const require = createRequire(import.meta.url);
  const node = require.resolve('node/bin/node');
  const result = spawnSync(node, [new URL(import.meta.url).pathname, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
} else {
  const { main } = await import('../src/cli.ts');
  await main(process.argv.slice(2));
}
