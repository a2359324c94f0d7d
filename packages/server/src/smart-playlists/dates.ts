export const DAY_MS = 86_400_000;

/** The start of a UTC calendar day (`YYYY-MM-DD`), in ms since the epoch. */
export const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The UTC calendar day of a time, as `YYYY-MM-DD`. */
export const dayOfTime = (ms: number) => new Date(ms).toISOString().slice(0, 10);
