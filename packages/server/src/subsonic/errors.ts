import { AppError } from '../errors.ts';

/** The Subsonic API's error codes (the OpenSubsonic spec's list). */
export const CODES = {
  generic: 0,
  missingParameter: 10,
  clientTooOld: 20,
  serverTooOld: 30,
  wrongCredentials: 40,
  tokenAuthUnsupported: 41,
  authMechanismUnsupported: 42,
  conflictingAuth: 43,
  invalidApiKey: 44,
  notAuthorized: 50,
  trialOver: 60,
  notFound: 70,
} as const;

/** A failure that goes back to the client as `status="failed"` with a Subsonic code (HTTP 200). */
export class SubsonicError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.name = 'SubsonicError';
    this.code = code;
  }
}

export const missing = (name: string) => new SubsonicError(CODES.missingParameter, `Required parameter is missing: ${name}`);
export const invalid = (name: string, why: string) => new SubsonicError(CODES.generic, `Parameter ${name} ${why}`);
export const notFound = (what: string) => new SubsonicError(CODES.notFound, `${what} not found`);
export const notAuthorized = (message = 'You may not do that') => new SubsonicError(CODES.notAuthorized, message);

/** Runnel's own errors (from the modules) in Subsonic's terms; anything else is a generic error. */
export function toSubsonicError(error: unknown): SubsonicError | undefined {
  if (error instanceof SubsonicError) return error;
  if (!(error instanceof AppError)) return undefined;
  if (error.status === 404) return new SubsonicError(CODES.notFound, error.message);
  if (error.status === 403) return new SubsonicError(CODES.notAuthorized, error.message);
  if (error.status === 401 || error.code === 'too_many_attempts') return new SubsonicError(CODES.wrongCredentials, error.message);
  return new SubsonicError(CODES.generic, error.message);
}
