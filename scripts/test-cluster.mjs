// `npm run test:cluster`: the API test suite (not the browser tests) against a cluster: in
// every test file that builds the app (testApp), two nodes on one PostgreSQL database, one
// data folder and one Redis, behind a real HAProxy (packages/server/src/testing/cluster.ts).
// Needs PostgreSQL (RUNNEL_TEST_DB, default the local one), Redis (RUNNEL_TEST_REDIS) and
// haproxy; a missing one fails. `npm run test:cluster -- FILE…` runs only those files; `-- --list` lists the files.
//
// The files below cannot run through a balancer by their nature; they run single-node, as
// in the PostgreSQL run, and are not run again here.
import { spawn } from 'node:child_process';
import { globSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const SINGLE_NODE = {
  'packages/server/test/trust-proxy.test.ts': 'sets remoteAddress per request, which HAProxy cannot forward to the app',
  'packages/server/test/login-throttle.test.ts': 'the throttle is per client address (remoteAddress); through HAProxy every client is 127.0.0.1',
  'packages/server/test/routes-auth.test.ts': 'gives each attempt its own remoteAddress to stay under the sign-in throttle',
};

const PATTERNS = ['packages/server/src/**/*.test.ts', 'packages/server/test/**/*.test.ts', 'packages/api/**/*.test.ts', 'packages/box/**/*.test.ts'];
const source = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};
/** Whether a test file builds the app: itself, or a helper it imports from a neighbouring file. */
const buildsApp = (file) => {
  const text = source(file);
  if (text.includes('testApp(')) return true;
  const imports = [...text.matchAll(/from '(\.[^']+\.ts)'/g)].map((m) => join(dirname(file), m[1]));
  return imports.some((helper) => source(helper).includes('testApp('));
};

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('-'));
const named = args.filter((a) => !a.startsWith('-'));
const all = PATTERNS.flatMap((pattern) => globSync(pattern, { exclude: (name) => name.includes('node_modules') })).sort();
const files = named.length ? named : all.filter((f) => buildsApp(f) && !(f in SINGLE_NODE));
if (!named.length && !flags.includes('--list')) {
  console.log(`cluster run: ${files.length} files; single-node (run by the PostgreSQL step):`);
  for (const [file, why] of Object.entries(SINGLE_NODE)) console.log(`  ${file}: ${why}`);
}
const env = {
  ...process.env,
  RUNNEL_TEST_CLUSTER: '1',
  RUNNEL_TEST_DB: process.env.RUNNEL_TEST_DB ?? 'postgres://postgres@127.0.0.1:5432/postgres',
};
if (flags.includes('--list')) {
  console.log(files.join('\n'));
  process.exit(0);
}
const child = spawn(process.execPath, ['--test', '--test-concurrency=4', '--test-timeout=300000', ...flags, ...files], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
