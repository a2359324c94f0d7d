import type { Language } from '@runnel/api';
import type { FastifyRequest } from 'fastify';
import { listenerLanguage } from '../language/negotiate.ts';

/** The language a request's A–Z lists sort in: the signed-in user's choice, else the request's Accept-Language, else English. */
export function requestLanguage(request: Pick<FastifyRequest, 'headers' | 'principal'>): Language {
  return listenerLanguage(request.principal?.user.language, request.headers['accept-language']);
}
