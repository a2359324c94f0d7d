import { randomBytes } from 'node:crypto';

/**
 * App passwords for Subsonic apps. The Subsonic token scheme sends md5(password + salt), so
 * the server must be able to recover the secret: it is kept encrypted (AES-256-GCM) with a
 * key from the data folder, never in the clear, and it is not the main password (whose
 * argon2id hash stays one-way).
 */

/** A new app password: 24 characters from an unambiguous alphabet (about 137 bits). */
export function newAppPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(24);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}
