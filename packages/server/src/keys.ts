import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
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

/**
 * A secret the server must be able to read back (an app password, a token for another
 * service), sealed with AES-256-GCM as `iv.tag.ciphertext`, base64url; the user id is bound
 * in as associated data, so a sealed value moved to another user does not open.
 */
export function sealSecret(key: Buffer, userId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(userId));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
}

/** The secret, or undefined when the sealed value was not made with this key for this user. */
export function openSecret(key: Buffer, userId: string, sealed: string): string | undefined {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !body) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(userId));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
