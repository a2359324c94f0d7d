// Installs the project's dependencies (and with them its Node 24 runtime) when they are
// missing or older than package-lock.json. Plain JavaScript: it runs on the machine's
// Node, whatever its version, before the project's own runtime exists.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const runtime = join(root, 'node_modules', '.bin', 'node');

const fresh = existsSync(marker) && existsSync(runtime) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
if (!fresh) {
  console.log('Installing dependencies (first run)…');
  execSync('npm ci --no-audit --no-fund --loglevel=error', { cwd: root, stdio: 'inherit' });
}
