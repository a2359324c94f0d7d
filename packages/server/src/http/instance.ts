import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { TrustProxy } from '../config.ts';

/**
 * Limits on *receiving* a request, so a client trickling its headers or body a byte at a
 * time cannot hold a connection (and its memory) for ever. Node applies both only until
 * the request has arrived: a long audio response, a paused download or a WebSocket is not
 * cut. Nothing limits how long a connection may be idle while a response is written.
 */
export interface Timeouts {
  /** The whole request, headers and body (default 30 s); answered 408 and closed. */
  requestMs: number;
  /** The headers alone (default 10 s; at most requestMs). */
  headersMs: number;
}

const DEFAULT_TIMEOUTS: Timeouts = { requestMs: 30_000, headersMs: 10_000 };

/** The Fastify instance every route is registered on, with Runnel's limits, ids and logging. */
export function createHttp(deps: { timeouts?: Partial<Timeouts>; logger: Logger | false; bodyLimit?: number; trustProxy?: TrustProxy }): FastifyInstance {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...deps.timeouts };
  const headersMs = Math.min(timeouts.headersMs, timeouts.requestMs);
  return Fastify({
    requestTimeout: timeouts.requestMs,
    http: {
      requestTimeout: timeouts.requestMs,
      headersTimeout: headersMs,
      // Node looks for late requests every 30 s by default: far too rarely for a 10 s limit.
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(headersMs / 4))),
    },
    loggerInstance: deps.logger || undefined,
    logger: deps.logger ? undefined : false,
    bodyLimit: deps.bodyLimit ?? 256 * 1024,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    return503OnClosing: true,
    // Requests are logged once, by an onResponse hook (requests.ts).
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
    // Off unless configured: anyone could otherwise pick their address (and dodge the sign-in throttle).
    trustProxy: deps.trustProxy ?? false,
  }) as unknown as FastifyInstance;
}
