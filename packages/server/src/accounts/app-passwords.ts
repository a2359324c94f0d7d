import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

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

/** `iv.tag.ciphertext`, base64url; the user id is bound in as associated data. */
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
