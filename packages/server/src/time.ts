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

const DAY_MS = 86_400_000;
/** One formatter per zone (making one is the slow part); a few hundred zones exist at most. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formatters.size > 1000) formatters.clear();
    formatters.set(zone, f);
  }
  return f;
}

/**
 * The zone's own name for a time zone the server knows (`europe/stockholm` →
 * `Europe/Stockholm`), or null when Intl does not know it.
 */
export function timeZoneName(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** How far a zone's clocks are ahead of UTC at a moment, in ms (Stockholm in summer: 7,200,000). */
export function zoneOffset(ms: number, zone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(whole)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - whole;
}

/**
 * The moment a day starts in a zone: its local midnight as ms since the epoch. `month` counts
 * from 0 and both it and `day` may run over, as in Date.UTC (day 32 of January is 1 February).
 * Where the clocks skip midnight (a DST change at 00:00), the day starts when they resume.
 */
export function zonedDayStart(year: number, month: number, day: number, zone: string): number {
  const wall = Date.UTC(year, month, day);
  // The offsets either side of any change near that day (zones change at most once a day).
  const before = zoneOffset(wall - DAY_MS, zone);
  const after = zoneOffset(wall + DAY_MS, zone);
  const early = wall - Math.max(before, after);
  const late = wall - Math.min(before, after);
  if (zoneOffset(early, zone) === Math.max(before, after)) return early;
  if (zoneOffset(late, zone) === Math.min(before, after)) return late;
  return wall - before; // midnight was skipped: the first moment after the gap
}
