/** A moment (ms since the epoch) as the API writes times: ISO 8601, UTC. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Where the server reads the time of day (ms since the epoch). It is one of the app's
 * dependencies (AppDeps.clock) so that tests can set and advance it; see testing/clock.ts.
 * Durations (how long a scan took, uptime, pacing) are measured with performance.now(), not this.
 */
export interface Clock {
  now(): number;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => Date.now() };
