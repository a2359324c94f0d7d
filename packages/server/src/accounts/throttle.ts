import { AppError } from '../errors.ts';

/** How many failed logins each key may have inside the window. */
const LIMITS = {
  /** one username from one address: guessing a password */
  pair: 5,
  /** one address, any usernames: spraying */
  address: 30,
  /** one username, any addresses: a distributed guess; high, so it can't lock the owner out easily */
  user: 100,
};

/**
 * Counts failed logins per (username, address), per address and per username in a sliding
 * window, and refuses further attempts with 429 and Retry-After once a limit is reached.
 * A success clears the (username, address) count. Kept in memory: one node's view.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: { windowMs?: number; now?: () => number } = {}) {
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Starts a sign-in attempt: throws `too_many_attempts` (429) when any key is over its
   * limit, else counts the attempt as a failure until `succeed` says otherwise. Counting
   * before the (slow) password check means a concurrent burst cannot slip past the limit.
   */
  begin(username: string, address: string): void {
    this.check(username, address);
    this.fail(username, address);
  }

  private check(username: string, address: string): void {
    let wait = 0;
    for (const [key, limit] of this.keys(username, address)) {
      const times = this.recent(key);
      if (times.length >= limit) wait = Math.max(wait, times[times.length - limit]! + this.windowMs - this.now());
    }
    if (wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      throw new AppError('too_many_attempts', 429, `Too many failed sign-ins; try again in ${seconds} s`, { 'retry-after': String(seconds) });
    }
  }

  private fail(username: string, address: string): void {
    for (const [key] of this.keys(username, address)) {
      const times = this.recent(key);
      times.push(this.now());
      this.failures.set(key, times);
    }
    if (this.failures.size > 100_000) this.sweep();
  }

  /** The attempt begun for this pair succeeded: forget the pair's failures and this attempt. */
  succeed(username: string, address: string): void {
    const [pair, ...others] = this.keys(username, address);
    this.failures.delete(pair![0]);
    for (const [key] of others) this.failures.get(key)?.pop();
  }

  private keys(username: string, address: string): [string, number][] {
    const user = username.toLowerCase();
    return [
      [`pair:${user}\u0000${address}`, LIMITS.pair],
      [`address:${address}`, LIMITS.address],
      [`user:${user}`, LIMITS.user],
    ];
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  private sweep(): void {
    for (const key of this.failures.keys()) {
      if (this.recent(key).length === 0) this.failures.delete(key);
    }
  }
}
