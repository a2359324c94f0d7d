// `npm run test:cluster`: the API test suite (not the browser tests) against a cluster: in
// every test file that builds the app (testApp), two nodes on one PostgreSQL database, one
// data folder and one Redis, behind a real HAProxy (packages/server/src/testing/cluster.ts).
// Needs PostgreSQL (RUNNEL_TEST_DB, default the local one), Redis (RUNNEL_TEST_REDIS) and
// haproxy; a missing one fails. `npm run test:cluster -- FILE…` runs only those files; `-- --list` lists the files.
//
// The files below cannot run through a balancer by their nature; they run single-node, as
// in the PostgreSQL run, and are not run again here.
import { spawn } from 'node:child_process';
import { globSync } from 'node:fs';
import { mentions } from './test-files.mjs';

export const SINGLE_NODE = {
  'packages/server/test/trust-proxy.test.ts': 'sets remoteAddress per request, which HAProxy cannot forward to the app',
  'packages/server/test/login-throttle.test.ts': 'the throttle is per client address (remoteAddress); through HAProxy every client is 127.0.0.1',
  'packages/server/test/routes-auth.test.ts': 'gives each attempt its own remoteAddress to stay under the sign-in throttle',
  'packages/server/test/bad-input.test.ts': 'a 2 MB body is answered 413 before it is read; through HAProxy the connection is cut instead (socket hang up)',
  'packages/server/test/slow-requests.test.ts': "a node's own limits on a trickled request: HAProxy buffers the request, the node never sees the trickle",
  'packages/server/src/streaming/sharing.test.ts': "counts one node's ffmpeg processes, queue and limit (per node by design)",
  'packages/server/src/streaming/spares.test.ts': "one node's warm ffmpeg spares (per node by design)",
  'packages/server/src/streaming/pacing.test.ts': "one node's send pacing and busy count, timed to the millisecond; HAProxy's buffers change the timings",
  'packages/server/src/search/search.test.ts':
    "reads one node's index at once after changing it there; across nodes a change is searchable within 1 s (search/nodes.test.ts shows that)",
  'packages/server/src/scrobbling/outbox.test.ts': 'restarts its one node (testApp().restart()) while the services are down',
  'packages/server/src/scrobbling/loves.test.ts': 'restarts its one node (testApp().restart()) while Last.fm is down',
  'packages/server/src/streaming/cache.test.ts': "one node's ffmpeg spawns and cache index (each node indexes the shared transcodes folder on its own)",
};
/** As in test.mjs: real-time pacing and latency aims, run one at a time after the rest. */
const ALONE = ['packages/box/test/acceptance.test.ts'];

const PATTERNS = ['packages/server/src/**/*.test.ts', 'packages/server/test/**/*.test.ts', 'packages/api/**/*.test.ts', 'packages/box/**/*.test.ts'];
/** Whether a test file builds the app: itself, or a helper it imports from a neighbouring file. */
const buildsApp = (file) => mentions(file, /testApp\(/);

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
let current;
const run = (list, concurrency) =>
  new Promise((resolve) => {
    current = spawn(process.execPath, ['--test', `--test-concurrency=${concurrency}`, '--test-timeout=300000', ...flags, ...list], { stdio: 'inherit', env });
    current.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    current?.kill(signal);
    process.exit(1);
  });
const first = await run(
  files.filter((f) => !ALONE.includes(f)),
  4,
);
const alone = files.filter((f) => ALONE.includes(f));
const second = alone.length ? await run(alone, 1) : 0;
process.exit(first || second);
