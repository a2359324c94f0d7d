import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * A new entry id: opaque and URL-safe like newId(), but starting with the time (and a
 * sequence within the millisecond), so the 100 entries of one add land side by side in the
 * primary-key index. With fully random ids each new entry dirtied its own index page, and
 * the commit of an add wrote ~100 pages instead of a few. 54 random bits keep ids from
 * different nodes apart.
 */
export function newEntryId(): string {
  const now = Date.now();
  sequence = now === lastMs ? sequence + 1 : 0;
  lastMs = now;
  return `${now.toString(36).padStart(9, '0')}${(sequence % 1296).toString(36).padStart(2, '0')}${randomBytes(7).toString('base64url').slice(0, 9)}`;
}
