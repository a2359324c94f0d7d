import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '@runnel/api';
import { AppError } from '../errors.ts';
import { isPlayerPage, sendPlayerPage } from '../web/routes.ts';

/** Fastify's own failures, mapped to Runnel's stable codes. */
const FASTIFY_CODES: Record<string, [number, ErrorCode]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_content_length'],
  FST_ERR_CTP_INVALID_TYPE: [400, 'invalid_content_type'],
  FST_ERR_BAD_URL: [400, 'bad_url'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'invalid_request'],
};

/** Sends `{"error":{status,code,message}}`. */
export function sendError(reply: FastifyReply, status: number, code: ErrorCode, message: string) {
  return reply.code(status).type('application/json; charset=utf-8').send({ error: { status, code, message } });
}

/** One place where every error becomes the error shape; nothing else writes error bodies. */
export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      reply.headers(error.headers);
      return sendError(reply, error.status, error.code, error.message);
    }
    if ('validation' in error && error.validation) {
      return sendError(
        reply,
        400,
        'invalid_request',
        `${error.validationContext ?? 'request'}${error.message.replace(/^(body|querystring|params|headers)/, '')}`,
      );
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return sendError(reply, known[0], known[1], error.message);
    if (error instanceof SyntaxError) return sendError(reply, 400, 'invalid_json', 'The body is not valid JSON');
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendError(reply, status, 'invalid_request', error.message);
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, 500, 'internal_error', 'Something went wrong on the server; it has been logged');
  });

  app.setNotFoundHandler((request, reply) => {
    if (isPlayerPage(request.method, request.url, request.headers.accept)) return sendPlayerPage(reply);
    return sendError(reply, 404, 'route_not_found', `No route ${request.method} ${request.url.split('?')[0]}`);
  });
}
