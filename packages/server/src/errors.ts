import type { ErrorCode } from '@runnel/api';

/**
 * Runnel's one error type. Every failure a client can see is an AppError with a stable
 * code; the HTTP layer maps it to `{"error":{status,code,message}}` (and the Subsonic
 * surface to its own codes) in one place.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.headers = headers;
  }
}

export const badRequest = (message: string, code: ErrorCode = 'invalid_request') => new AppError(code, 400, message);
export const unauthorized = (message = 'Sign in first, or send a valid token', code: ErrorCode = 'unauthorized') => new AppError(code, 401, message);
export const forbidden = (message = 'You may not do that', code: ErrorCode = 'forbidden') => new AppError(code, 403, message);
export const notFound = (what: string, code: ErrorCode = 'not_found') => new AppError(code, 404, `${what} not found`);
export const conflict = (message: string, code: ErrorCode = 'conflict') => new AppError(code, 409, message);
