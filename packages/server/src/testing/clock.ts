import type { Clock } from '../time.ts';

/** A clock a test moves: it runs with the machine's until set(), and advance() moves it on either way. */
export interface TestClock extends Clock {
  /** Moves the time forward by `ms` (two things done either side of it get different times). */
  advance(ms: number): void;
  /** Stops the clock at `ms` since the epoch; from then on only advance() moves it. */
  set(ms: number): void;
}

/**
 * A clock for tests. It starts at the machine's time and runs with it, so tests that compare
 * the server's times with Date.now() keep working; a test that needs two times apart
 * advances it instead of sleeping.
 */
export function testClock(): TestClock {
  let stoppedAt: number | null = null;
  let offset = 0;
  return {
    now: () => stoppedAt ?? Date.now() + offset,
    advance(ms) {
      if (stoppedAt === null) offset += ms;
      else stoppedAt += ms;
    },
    set(ms) {
      stoppedAt = ms;
    },
  };
}
