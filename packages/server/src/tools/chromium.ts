import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { systemTool, toolsMode, type Tool } from './tools.ts';

const run = promisify(execFile);

/**
 * Chromium for the browser tests: the system's when on PATH, else the one inside
 * `@sparticuz/chromium` (a devDependency), which ships it brotli-compressed and is
 * unpacked once into TMPDIR/runnel-chromium-VERSION — no download.
 */
export async function findChromium(): Promise<Tool | null> {
  const system = systemTool('chromium');
  if (system || toolsMode() === 'system') return system;
  let entry: string;
  try {
    entry = import.meta.resolve('@sparticuz/chromium');
  } catch {
    return null;
  }
  const root = join(fileURLToPath(entry), '../../..');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const dir = join(tmpdir(), `runnel-chromium-${version}`);
  const path = join(dir, 'chromium');
  if (!existsSync(path)) {
    // The package unpacks into TMPDIR and trusts whatever is there, so each test process
    // unpacks into its own folder and the first to finish renames it into place.
    const partial = mkdtempSync(`${dir}.partial-`);
    try {
      const script = `const { default: c } = await import(${JSON.stringify(entry)}); await c.executablePath();`;
      await run(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: partial } });
      renameSync(partial, dir);
    } catch (error) {
      if (!existsSync(path)) throw error;
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  }
  return { name: 'chromium', source: 'npm', path };
}
