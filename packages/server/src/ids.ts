import { randomFillSync } from 'node:crypto';

/** Random bytes fetched 4 KiB at a time: a million-track scan makes ids by the thousand. */
const pool = Buffer.alloc(4096);
let used = pool.length;

/** A new opaque, URL-safe id (16 characters, 96 random bits). */
export function newId(): string {
  if (used + 12 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += 12;
  return pool.toString('base64url', used - 12, used);
}
