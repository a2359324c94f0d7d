/** A moment (ms since the epoch) as the API writes times: ISO 8601, UTC. */
export const iso = (ms: number): string => new Date(ms).toISOString();
