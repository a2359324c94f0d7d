import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';

interface Rule {
  /** Failures checked without delay. */
  limit: number;
  /** Delay before the first check past the limit; it doubles with each further failure. */
  baseMs: number;
  maxMs: number;
}

/**
 * One username from one address is someone guessing a password (or an app with an old one);
 * one address with any usernames is spraying; one username from any addresses is a
 * distributed guess. The last one also slows the owner, so its delay stays short.
 */
const RULES = {
  pair: { limit: 5, baseMs: 1000, maxMs: 15 * 60_000 },
  address: { limit: 30, baseMs: 1000, maxMs: 15 * 60_000 },
  user: { limit: 100, baseMs: 1000, maxMs: 60_000 },
} satisfies Record<string, Rule>;

/** A key with no failure for this long starts again from nothing. */
const QUIET_MS = 60 * 60_000;
/** How long a check may be taken to be in progress if its node never says how it ended (it died). */
const CHECK_MS = 10_000;
/** It looks again after 10 ms, then less and less often (at most every 200 ms). */
const CHECK_POLL_MS = [10, 20, 50, 100, 200];

export interface ThrottleOptions {
  /** The clock (tests move it instead of sleeping). */
  now?: () => number;
}

class Refused extends Error {
  readonly byPair: boolean;
  constructor(byPair: boolean) {
    super('refused');
    this.byPair = byPair;
  }
}

/**
 * Slows password guessing without locking out the right password. Each key may have
 * `limit` failed checks; past that, the next check may run only after a delay that doubles
 * with each failure (1 s, 2 s, 4 s … up to a maximum). An attempt that comes too early is
 * refused with 429 and Retry-After, unchecked and uncounted, whether its password is right or
 * not (checking it would tell a guesser which guess was right). Once the delay is over, the
 * right password signs in and clears its (username, address) failures; so an owner is at
 * worst kept waiting, never locked out.
 *
 * The counts are rows of `login_throttle`, so every node sees them and a restart keeps them;
 * an attempt is counted as a failure before its (slow) check, in one transaction per attempt,
 * so a concurrent burst cannot slip past the limit. A key with no delay never makes an attempt
 * wait: another node's attempt, counted a moment before, may carry a later time than this
 * one's (its clock read later, or a clock a few ms ahead).
 *
 * Apps send requests in parallel with the same right password, and in a cluster they reach
 * several nodes at once. Near the limit, one of them counted as pending could impose a delay
 * on the others before its success clears the pair. So the pair's row also says a check is
 * in progress (`checking_until`); an attempt refused by the pair while one is waits for its
 * outcome (while it is in progress, at most CHECK_MS) and, if the pair was cleared, is counted and checked.
 */
export class LoginThrottle {
  private readonly db: Db;
  private readonly now: () => number;

  constructor(db: Db, options: Required<ThrottleOptions>) {
    this.db = db;
    this.now = options.now;
  }

  /**
   * Runs a password check for this username from this address: `too_many_attempts` (429) when
   * it must wait; else the attempt counts as failed unless `check` gives a result, which clears
   * the pair's failures.
   */
  async attempt<T>(username: string, address: string, check: () => Promise<T | undefined>): Promise<T | undefined> {
    await this.begin(username, address);
    let result: T | undefined;
    try {
      result = await check();
    } finally {
      await this.end(username, address, result !== undefined);
    }
    return result;
  }

  /** Counts an attempt, or throws `too_many_attempts`; waits first for a check of the pair in progress elsewhere. */
  private async begin(username: string, address: string, waitUntil = performance.now() + CHECK_MS): Promise<void> {
    const keys = this.keys(username, address);
    const at = this.now();
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const [index, { key, rule }] of keys.entries()) {
          const quiet = at - QUIET_MS;
          const counted = await trx
            .insertInto('login_throttle')
            .values({ key, failures: 1, delay_ms: 0, last_at: at, checking_until: index === 0 ? at + CHECK_MS : 0 })
            .onConflict((oc) =>
              oc
                .column('key')
                .doUpdateSet({
                  failures: sql`case when login_throttle.last_at <= ${quiet} then 1 else login_throttle.failures + 1 end`,
                  delay_ms: sql`case
                when login_throttle.last_at <= ${quiet} or login_throttle.failures + 1 < ${sql.lit(rule.limit)} then 0
                when login_throttle.delay_ms = 0 then ${sql.lit(rule.baseMs)}
                when login_throttle.delay_ms * 2 > ${sql.lit(rule.maxMs)} then ${sql.lit(rule.maxMs)}
                else login_throttle.delay_ms * 2 end`,
                  last_at: at,
                  checking_until: index === 0 ? at + CHECK_MS : 0,
                })
                .where(
                  sql<boolean>`login_throttle.delay_ms = 0 or login_throttle.last_at + login_throttle.delay_ms <= ${at} or login_throttle.last_at <= ${quiet}`,
                ),
            )
            .returning('failures')
            .executeTakeFirst();
          if (!counted) throw new Refused(index === 0);
        }
      });
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      if (error.byPair && (await this.outcomeOfCheck(keys[0]!.key, waitUntil))) return this.begin(username, address, waitUntil);
      throw await this.refusal(
        keys.map((k) => k.key),
        at,
      );
    }
  }

  /** Waits while another check of the pair is in progress; true when the pair may since have been cleared (try again). */
  private async outcomeOfCheck(pair: string, deadline: number): Promise<boolean> {
    let waited = 0;
    for (;;) {
      const row = await this.db.selectFrom('login_throttle').select('checking_until').where('key', '=', pair).executeTakeFirst();
      if (!row) return true; // a right password cleared it
      if (Number(row.checking_until) <= this.now()) return waited > 0;
      if (performance.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, CHECK_POLL_MS[Math.min(waited++, CHECK_POLL_MS.length - 1)]));
    }
  }

  /** The check begun for this username and address ended: cleared when right, else no longer in progress. */
  private async end(username: string, address: string, right: boolean): Promise<void> {
    if (right) return this.succeed(username, address);
    const [pair] = this.keys(username, address);
    await this.db.updateTable('login_throttle').set({ checking_until: 0 }).where('key', '=', pair!.key).execute();
  }

  /** Throws `too_many_attempts` when a check would have to wait now; counts nothing (for passwords already known right). */
  async allow(username: string, address: string): Promise<void> {
    const at = this.now();
    const keys = this.keys(username, address).map((k) => k.key);
    if ((await this.waitMs(keys, at)) > 0) throw await this.refusal(keys, at);
  }

  /** The check begun for this username and address succeeded: forget the pair's failures, and this attempt everywhere. */
  private async succeed(username: string, address: string): Promise<void> {
    const [pair, ...others] = this.keys(username, address);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('login_throttle').where('key', '=', pair!.key).execute();
      for (const { key, rule } of others) {
        await trx
          .updateTable('login_throttle')
          .set({
            failures: sql`failures - 1`,
            delay_ms: sql`case when failures - 1 < ${sql.lit(rule.limit)} then 0 else delay_ms / 2 end`,
          })
          .where('key', '=', key)
          .where('failures', '>', 0)
          .execute();
      }
    });
  }

  /** Forgets keys quiet for long enough; run now and then. */
  prune = () =>
    this.db
      .deleteFrom('login_throttle')
      .where('last_at', '<', this.now() - QUIET_MS)
      .execute();

  private async waitMs(keys: string[], at: number): Promise<number> {
    const rows = await this.db
      .selectFrom('login_throttle')
      .select(['last_at', 'delay_ms'])
      .where('key', 'in', keys)
      .where('last_at', '>', at - QUIET_MS)
      .where('delay_ms', '>', 0)
      .execute();
    return Math.max(0, ...rows.map((r) => Number(r.last_at) + Number(r.delay_ms) - at));
  }

  private async refusal(keys: string[], at: number): Promise<AppError> {
    const seconds = Math.max(1, Math.ceil((await this.waitMs(keys, at)) / 1000));
    return new AppError('too_many_attempts', 429, `Too many failed sign-ins; try again in ${seconds} s`, { 'retry-after': String(seconds) });
  }

  private keys(username: string, address: string): { key: string; rule: Rule }[] {
    const user = username.toLowerCase();
    const hash = (text: string) => createHash('sha256').update(text).digest('hex');
    return [
      { key: hash(`pair\0${user}\0${address}`), rule: RULES.pair },
      { key: hash(`address\0${address}`), rule: RULES.address },
      { key: hash(`user\0${user}`), rule: RULES.user },
    ];
  }
}
