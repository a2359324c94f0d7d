import { VERSION } from '../version.ts';

/** What a play was, as scrobbling services describe it. */
export interface ScrobbleTrack {
  /** The credited artists, the main one first. */
  artists: string[];
  title: string;
  album: string | null;
  albumArtist: string | null;
  durationMs: number;
  trackNumber: number | null;
  /** MusicBrainz recording id, when the tags carry one. */
  mbid: string | null;
}

/** One play waiting in the outbox. */
export interface Listen {
  id: string;
  /** When it began, ms since the epoch. */
  listenedAt: number;
  track: ScrobbleTrack;
}

/**
 * Why a request to a service failed: `retry` (down, overloaded, rate-limited: try again
 * later, after `retryAfterMs` when the service said), `auth` (the token or session was
 * refused: the listener must connect again) or `rejected` (this request will never be taken).
 */
export class ServiceError extends Error {
  readonly kind: 'retry' | 'auth' | 'rejected';
  readonly retryAfterMs: number | undefined;

  constructor(kind: 'retry' | 'auth' | 'rejected', message: string, retryAfterMs?: number) {
    super(message);
    this.kind = kind;
    this.retryAfterMs = retryAfterMs;
  }

  /** Any failure as a ServiceError: one that is not (a bug, a database error) is worth another try later. */
  static from(error: unknown): ServiceError {
    return error instanceof ServiceError ? error : new ServiceError('retry', (error as Error).message);
  }
}

/** What a service did not take of a batch: refused for good (id → reason), or to send again later. */
export interface Submitted {
  refused: Map<string, string>;
  later: { ids: string[]; afterMs: number } | null;
}

/** A scrobbling service as the outbox and the service module use it. */
export interface ScrobbleClient {
  /** Most plays one request carries. */
  readonly maxBatch: number;
  nowPlaying(secret: string, track: ScrobbleTrack): Promise<void>;
  /** Sends plays; resolves with what the service did not take (the rest it took). */
  submit(secret: string, listens: Listen[]): Promise<Submitted>;
  /** Whether the service can be told of a love of this track (ListenBrainz needs its MusicBrainz id). */
  lovable(track: ScrobbleTrack): boolean;
  /** Loves (a star) or unloves (an unstar) a track; resolves once the service took it. */
  love(secret: string, track: ScrobbleTrack, loved: boolean): Promise<void>;
}

export const USER_AGENT = `Runnel/${VERSION} (self-hosted music server)`;
export const TIMEOUT_MS = 10_000;

/** Runs `request`, turning a network failure or time-out into a `retry`. */
export async function reach(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, headers: { 'user-agent': USER_AGENT, ...init.headers }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new ServiceError('retry', `${new URL(url).host} could not be reached (${(error as Error).message})`);
  }
}

/**
 * Spaces requests to one service from this process at least `gapMs` apart (Last.fm asks for
 * at most 5 a second per address), and holds them all while the service asked for a pause.
 */
export function pacer(gapMs: number) {
  let next = 0;
  return {
    async wait() {
      const at = Math.max(Date.now(), next);
      next = at + gapMs;
      if (at > Date.now()) await new Promise((resolve) => setTimeout(resolve, at - Date.now()));
    },
    pause(ms: number) {
      next = Math.max(next, Date.now() + ms);
    },
  };
}
