import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir } from './private-files.ts';

/**
 * A 256-bit server key kept in the data folder (`name`), created at first start; every
 * node sharing the data folder, and every restart, uses the same key. Mode 0600.
 */
export function loadOrCreateKey(dataDir: string, name: string): Buffer {
  ensurePrivateDir(dataDir);
  const path = join(dataDir, name);
  try {
    writeFileSync(path, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64url');
  if (key.length < 32) throw new Error(`${path} does not hold a 256-bit key; delete it to make a new one`);
  return key;
}
