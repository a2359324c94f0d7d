import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireTool, findTool } from './tools.ts';

const WASM_RUNNER = fileURLToPath(new URL('xmllint-wasm.mjs', import.meta.url));

/**
 * Checks an XML document: well-formed, and valid against `xsd` when given. Returns
 * xmllint's complaints, '' when it passes. Runs the system's xmllint, else libxml2 in
 * WebAssembly (xmllint-wasm) in a child process, so both stay synchronous.
 */
export function xmllint(xml: string, xsd?: string): string {
  requireTool('xmllint');
  const dir = mkdtempSync(join(tmpdir(), 'runnel-xmllint-'));
  try {
    const file = join(dir, 'response.xml');
    writeFileSync(file, xml);
    const tool = findTool('xmllint')!;
    const result =
      tool.source === 'system'
        ? spawnSync(tool.path, ['--noout', ...(xsd ? ['--schema', xsd] : []), file], { encoding: 'utf8' })
        : spawnSync(process.execPath, [WASM_RUNNER, file, ...(xsd ? [xsd] : [])], { encoding: 'utf8' });
    if (result.error) throw result.error;
    return result.status === 0 ? '' : result.stderr || `xmllint failed (${result.status})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
