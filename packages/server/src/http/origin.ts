import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The origin (scheme, host, port) this request reached us at, as a browser on our own page
 * would write it in `Origin`. Fastify's `protocol` and `host` read the socket and the Host
 * header; a trust-proxy setting would make them read X-Forwarded-Proto/Host, so this stays
 * the one place that decides what "our own origin" is.
 */
export function ownOrigin(request: FastifyRequest): string | undefined {
  return normalized(`${request.protocol}://${request.host}`);
}

/**
 * True when a browser sent this request from a page that is not ours. `Sec-Fetch-Site`, when
 * present, is the browser's own verdict and wins (it tells an attacker on another port or a
 * sibling subdomain, "same-site", from us); otherwise `Origin` must be ours. A request with
 * neither is not from a browser (browsers send `Origin` on every cross-origin POST and
 * WebSocket), so it is not a forgery.
 */
export function isCrossOrigin(request: FastifyRequest): boolean {
  const site = single(request.headers['sec-fetch-site']);
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = single(request.headers.origin);
  if (origin === undefined) return false;
  const own = ownOrigin(request);
  return own === undefined || normalized(origin) !== own;
}

/** Requests a forged page could use to act for the user: unsafe methods and WebSocket upgrades. */
export function changesStateOrListens(request: FastifyRequest): boolean {
  return !SAFE_METHODS.has(request.method) || request.headers.upgrade?.toLowerCase() === 'websocket';
}

export const crossOriginRefused = () =>
  new AppError('cross_origin_refused', 403, 'Refused: this request came from a page of another site; use a bearer token to call Runnel from elsewhere');

function normalized(origin: string): string | undefined {
  if (origin === 'null') return undefined;
  try {
    return new URL(origin).origin;
  } catch {
    return undefined;
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
