import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StreamHttpRequest, StreamOutcome } from './service.ts';

// abort() without a reason builds a DOMException with a stack on every request.
const CLIENT_GONE = new Error('the client went away');

const signals = new WeakMap<FastifyReply, AbortSignal>();

/**
 * Aborted when the client of this reply goes away (stops a transcode nobody waits for).
 * Made when first asked for, one per reply: only a live transcode needs it, and an
 * AbortController on every range request showed in profiles. Read it through a getter
 * (`get signal() { return clientGone(reply); }`) so requests that never ask pay nothing.
 */
export function clientGone(reply: FastifyReply): AbortSignal {
  let signal = signals.get(reply);
  if (!signal) {
    const gone = new AbortController();
    if (reply.raw.closed) gone.abort(CLIENT_GONE);
    else reply.raw.once('close', () => gone.abort(CLIENT_GONE));
    signal = gone.signal;
    signals.set(reply, signal);
  }
  return signal;
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

/**
 * A request as streaming serves it: method, range and validators from the headers, the
 * client's options, and the signal of the client going away. Every surface that plays or
 * downloads a file builds it here.
 */
export function streamRequest(request: FastifyRequest, reply: FastifyReply, options: StreamHttpRequest['options'] = {}): StreamHttpRequest {
  return {
    method: request.method === 'HEAD' ? 'HEAD' : 'GET',
    range: request.headers.range,
    ifRange: header(request.headers['if-range']),
    ifNoneMatch: header(request.headers['if-none-match']),
    ifModifiedSince: header(request.headers['if-modified-since']),
    options,
    get signal() {
      return clientGone(reply);
    },
  };
}

/**
 * Writes a stream outcome: status, headers and body. When the response is over, the
 * outcome hears whether the body was read to its end, and a listener who left stops its
 * reader (and, if it was the last one, its ffmpeg). Every HTTP surface that plays tracks
 * (the native route, Subsonic's stream and download) writes through here.
 */
export function sendOutcome(reply: FastifyReply, outcome: StreamOutcome, headers: Record<string, string> = {}): FastifyReply {
  if (outcome.chunks) {
    // A short response from cached blocks, written straight to the socket in one go, past
    // Fastify's payload handling; its onResponse hooks (metrics, logs) still run at the end.
    const res = reply.raw;
    let finished = false;
    res.once('finish', () => (finished = true));
    res.once('close', () => outcome.finished(finished));
    // One object to writeHead, no setHeader per header: Node then writes them as they are.
    const all = reply.getHeaders() as Record<string, string | number | string[] | undefined>;
    Object.assign(all, outcome.headers, headers);
    for (const name in all) if (all[name] === undefined) delete all[name];
    res.writeHead(outcome.status, all as Record<string, string | number | string[]>);
    res.cork();
    for (const chunk of outcome.chunks) res.write(chunk);
    res.end();
    return reply;
  }
  reply.code(outcome.status).headers({ ...outcome.headers, ...headers });
  const body = outcome.body;
  if (!body) return reply.send();
  let ended = false;
  body.once('end', () => (ended = true));
  reply.raw.once('close', () => {
    outcome.finished(ended);
    if (!body.destroyed) body.destroy();
  });
  return reply.send(body);
}
