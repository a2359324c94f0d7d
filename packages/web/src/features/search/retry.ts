import { ApiError } from '../../api/client.ts';

/** The server's answer while search loads its index just after start-up (503 with Retry-After). */
export const searchStarting = (error: unknown) => error instanceof ApiError && error.code === 'search_starting';

/**
 * Whether to ask again after `failures` failed tries: while search is starting, for up to
 * two minutes; otherwise twice, and never after an answer that says the request itself
 * is wrong (4xx).
 */
export function retrySearch(failures: number, error: unknown): boolean {
  if (searchStarting(error)) return failures < 60;
  return failures < 2 && !(error instanceof ApiError && error.status < 500);
}

/** How long to wait before trying again (ms): every 2 s while starting, else 1 s, 2 s, … */
export const searchRetryDelay = (failures: number, error: unknown) => (searchStarting(error) ? 2_000 : 1_000 * 2 ** failures);
