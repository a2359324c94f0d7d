import type { ErrorBody, ErrorCode, Route, RouteBody, RouteParams, RouteQuery, RouteResponse } from '@runnel/api';
import { keepAnswer, keptAnswer } from '../offline/api-cache.ts';
import { markReachable, markUnreachable } from '../offline/connection.ts';

/**
 * The code of a failed call: the server's stable code, `http_error` when the answer had
 * none (a proxy's error page), `offline` when no answer came (and none is kept for offline use).
 */
export type FailureCode = ErrorCode | 'http_error' | 'offline';

/** An API answer that was not 2xx, with the server's stable error code. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: FailureCode;
  constructor(status: number, code: FailureCode, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

type Listener = () => void;
const signedOutListeners = new Set<Listener>();

/** Called when the server says the session is gone (401): the app shows the sign-in view. */
export function onSignedOut(listener: Listener): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

/** A part of a call that the route may require (some required field), allow (all optional) or not have at all. */
type Slot<Name extends string, T> = [T] extends [never] ? { [K in Name]?: never } : object extends T ? { [K in Name]?: T } : { [K in Name]: T };

/** What a call to a route takes: its path parameters, query and body, typed from the route's schemas. */
export type CallInput<R extends Route> = Slot<'params', RouteParams<R>> &
  Slot<'query', RouteQuery<R>> &
  Slot<'body', RouteBody<R>> & {
    signal?: AbortSignal;
    /** Let the request finish when the page is closed or reloaded (a play reported just before). */
    keepalive?: boolean;
  };

/** The input is optional when nothing in it is required. */
type CallArgs<R extends Route> = object extends CallInput<R> ? [input?: CallInput<R>] : [input: CallInput<R>];

/** `/playlists/:id/tracks` with `{ id }` → `/playlists/ID/tracks`, and the query as a query string. */
export function urlOf(path: string, params: Record<string, unknown> = {}, query: Record<string, unknown> = {}): string {
  const filled = path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params[name])));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null) search.set(name, String(value));
  const text = search.toString();
  return `/api/v1${filled}${text ? `?${text}` : ''}`;
}

/**
 * Calls a Runnel API route by its key (`'GET /albums/:id'`) with the session cookie: the
 * parameters, query, body and answer are the types of the route's schemas in @runnel/api.
 * A 204 answers `null`; anything not 2xx throws ApiError. When the server cannot be
 * reached, a GET answers what was kept for offline use (offline/api-cache.ts), else it and
 * every other call throw ApiError `offline` (status 0).
 */
export async function api<R extends Route>(route: R, ...[input]: CallArgs<R>): Promise<RouteResponse<R>> {
  const space = route.indexOf(' ');
  const method = route.slice(0, space);
  const path = route.slice(space + 1);
  const { params, query, body, signal, keepalive } = (input ?? {}) as {
    params?: Record<string, unknown>;
    query?: Record<string, unknown>;
    body?: unknown;
    signal?: AbortSignal;
    keepalive?: boolean;
  };
  const url = urlOf(path, params, query);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: body !== undefined ? { 'content-type': 'application/json' } : undefined,
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal,
      keepalive,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    markUnreachable();
    const kept = method === 'GET' ? await keptAnswer(url).catch(() => undefined) : undefined;
    if (kept !== undefined) return kept as RouteResponse<R>;
    throw new ApiError(0, 'offline', method === 'GET' ? 'This is not available offline.' : 'Runnel cannot be reached right now.');
  }
  markReachable();
  const text = response.status === 204 ? '' : await response.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = (data as ErrorBody | null)?.error;
    if (response.status === 401 && !path.startsWith('/auth/')) for (const l of signedOutListeners) l();
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? response.statusText);
  }
  if (method === 'GET') keepAnswer(url, text);
  return data as RouteResponse<R>;
}
