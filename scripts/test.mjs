// `npm test`: every test file, or only those named (`npm test -- FILE…`, or RUNNEL_TEST_FILES
// separated by spaces); other arguments (`--test-name-pattern=…`) go to node --test; `--list`
// lists the files a whole run would run.
//
// A whole run runs the files four at a time, then ALONE, one at a time: tests that hold a
// latency or CPU-time aim (issue 19: p95 ≤ 200 ms from a command to another device's state; a box's
// pause within 500 ms, by the route or by a click in the web player) or check real-time
// pacing (the box's output) measure it on a machine not also running three other test
// files, as the aim is meant.
//
// With RUNNEL_TEST_DB=postgres://… (CI's second run, after the whole suite on SQLite), a whole
// run runs what depends on the database: every file that opens one, and of the browser tests
// (the web player, whose requests the API tests cover on both) the few in BROWSER_ON_POSTGRES.
// It prints what it leaves to the SQLite run.
import { spawn } from 'node:child_process';
import { globSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mentions } from './test-files.mjs';

const ALL = ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'scripts/*.test.mjs'];
const ALONE = [
  'packages/web/test/devices.test.ts',
  'packages/web/test/box.test.ts',
  'packages/box/test/player.test.ts',
  'packages/box/test/acceptance.test.ts',
  // Five server processes and HAProxy (issue 20): it would slow the three files beside it.
  'packages/server/test/cluster.test.ts',
  // Time bars in CPU time (100 ms a request, 50 ms of event loop): at 4 files on 2 cores the
  // machine's contention reaches ×6 and charges the thread stalls it did not spend.
  'packages/server/test/fuzz.test.ts',
  // Three search nodes on Redis with a freshness aim (an edit searchable on the others within 1 s).
  'packages/server/src/search/nodes.test.ts',
];
/** A real browser against PostgreSQL: first run and sign-in, search and playlist editing live between two people, a queue across tabs. */
const BROWSER_ON_POSTGRES = ['packages/web/test/auth.test.ts', 'packages/web/test/search-playlists.test.ts', 'packages/web/test/queue-sync.test.ts'];

/** Whether a test file opens a database: itself, or through a test helper it imports (three levels deep). */
const OPENS = /\b(testApp|testDatabase|freshDatabaseUrl|openDatabase|buildApp|startE2E|startCluster)\(|RUNNEL_BIN/;
const usesDatabase = (file) => mentions(file, OPENS, { depth: 3, through: /test|fixture|browser|helper|cluster|process/ });

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('-'));
const named = [...args.filter((a) => !a.startsWith('-')), ...(process.env.RUNNEL_TEST_FILES ?? '').split(' ').filter(Boolean)];

// Node's compile cache (type-stripped and compiled modules) for every test process: each of
// them loads the server, about 0.4 s of CPU less when cached.
process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), 'runnel-node-compile-cache');
// Audio the tests generate is kept here by recipe and copied when asked for again
// (library/generate.ts); files unused for a week go.
process.env.RUNNEL_GENERATED_AUDIO ??= join(tmpdir(), 'runnel-test-audio');
mkdirSync(process.env.RUNNEL_GENERATED_AUDIO, { recursive: true });
for (const name of readdirSync(process.env.RUNNEL_GENERATED_AUDIO)) {
  const path = join(process.env.RUNNEL_GENERATED_AUDIO, name);
  if (Date.now() - statSync(path).atimeMs > 7 * 86_400_000) rmSync(path, { force: true });
}

let current;
const run = (files, concurrency) =>
  new Promise((resolve) => {
    current = spawn(process.execPath, ['--test', `--test-concurrency=${concurrency}`, '--test-timeout=300000', ...flags, ...files], { stdio: 'inherit' });
    current.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    current?.kill(signal);
    process.exit(1);
  });

if (named.length) process.exit(await run(named, 4));
let files = ALL.flatMap((pattern) => globSync(pattern, { exclude: (name) => name.includes('node_modules') })).sort();
if (process.env.RUNNEL_TEST_DB?.startsWith('postgres')) {
  const browser = files.filter((f) => f.startsWith('packages/web/test/') && !BROWSER_ON_POSTGRES.includes(f));
  const noDatabase = files.filter((f) => !browser.includes(f) && !usesDatabase(f));
  files = files.filter((f) => !browser.includes(f) && !noDatabase.includes(f));
  console.log(`PostgreSQL run: ${files.length} files. Left to the SQLite run (npm test):`);
  console.log(`  ${browser.length} browser tests (${BROWSER_ON_POSTGRES.length} run here: ${BROWSER_ON_POSTGRES.map((f) => f.split('/').pop()).join(', ')})`);
  console.log(`  ${noDatabase.length} files that open no database: ${noDatabase.map((f) => f.split('/').pop()).join(', ')}`);
}
const together = files.filter((f) => !ALONE.includes(f));
const alone = ALONE.filter((f) => files.includes(f));
if (flags.includes('--list')) {
  console.log([...together, ...alone].join('\n'));
  process.exit(0);
}
const first = await run(together, 4);
const second = await run(alone, 1);
process.exit(first || second);
