// `npm test`: every test file, or only those named (`npm test -- FILE…`, or RUNNEL_TEST_FILES
// separated by spaces); other arguments (`--test-name-pattern=…`) go to node --test.
import { spawn } from 'node:child_process';

const ALL = ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'];
const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('-'));
const named = [...args.filter((a) => !a.startsWith('-')), ...(process.env.RUNNEL_TEST_FILES ?? '').split(' ').filter(Boolean)];
const child = spawn(process.execPath, ['--test', '--test-concurrency=4', '--test-timeout=300000', ...flags, ...(named.length ? named : ALL)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
