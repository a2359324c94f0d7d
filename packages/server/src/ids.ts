import { randomBytes, randomFillSync } from 'node:crypto';

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

let lastMs = 0;
let sequence = 0;

/**
 * A new id that sorts by when it was made: opaque and URL-safe like newId(), but starting
 * with the time (and a sequence within the millisecond). Rows made together land side by
 * side in a primary-key index (a playlist add of 100 entries dirties a few index pages, not
 * ~100), and ties in time keep the order they were made in (a feed). 54 random bits keep
 * ids from different nodes apart. `now` is the time it is made at, from the caller's clock
 * (AppDeps.clock), so ids sort as the rows' own times do.
 */
export function newOrderedId(now: number): string {
  sequence = now === lastMs ? sequence + 1 : 0;
  lastMs = now;
  return `${now.toString(36).padStart(9, '0')}${(sequence % 1296).toString(36).padStart(2, '0')}${randomBytes(7).toString('base64url').slice(0, 9)}`;
}
