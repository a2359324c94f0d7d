// Gets a checkout ready to run: installs the dependencies (and with them Runnel's Node 24
// runtime) when they are missing or older than package-lock.json, and builds the web player
// when its build is missing or older than its sources. Plain JavaScript: it runs on the
// machine's Node, whatever its version, before the project's own runtime exists.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (command) => execSync(command, { cwd: root, stdio: 'inherit' });
const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

/** The newest modification time of any file below `path`. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const marker = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(join(root, 'node_modules', '.bin', 'node')) || mtime(marker) < mtime(join(root, 'package-lock.json'))) {
  console.log('Installing dependencies (first run)…');
  run('npm ci --no-audit --no-fund --loglevel=error');
}

if (process.argv.includes('--web')) {
  const web = join(root, 'packages', 'web');
  const built = mtime(join(web, 'dist', 'index.html'));
  const sources = Math.max(
    newest(join(web, 'src')),
    newest(join(web, 'public')),
    newest(join(root, 'packages', 'api', 'src')),
    mtime(join(web, 'index.html')),
    mtime(join(web, 'vite.config.ts')),
  );
  if (built < sources) {
    console.log('Building the web player…');
    const started = Date.now();
    // Warnings and errors only: vite's list of every chunk is noise to someone starting a server.
    run('npm run build --silent -w @runnel/web -- --logLevel warn');
    console.log(`Web player built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
}
