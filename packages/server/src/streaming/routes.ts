import Type from 'typebox';
import { Empty, ErrorBody, IdParams, StreamingStatus, StreamQuery, StreamUrl, StreamUrlQuery } from '@runnel/api';
import { credentialOf } from '../accounts/credentials.ts';
import { forbidden, unauthorized } from '../errors.ts';
import { SESSION_COOKIE } from '../http/auth.ts';
import { sendOutcome, streamRequest } from './reply.ts';
import type { Api } from '../http/typed.ts';
import type { Listener, Streaming } from './service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who plays this stream request (set by the stream route's own onRequest hook). */
    streamListener?: Listener;
  }
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 500: ErrorBody, 503: ErrorBody };
const Audio = Type.Unknown({ description: 'Audio bytes' });

const TOKEN_REFUSED: Record<string, string> = {
  malformed: 'The stream token is malformed',
  bad_signature: 'The stream token is not valid',
  expired: 'The stream URL has expired; ask for a new one',
  other_track: 'The stream token is for another track',
  revoked: 'The sign-in that made this stream URL has ended',
};

/**
 * HTTP routes of the streaming module. On the stream route a signed stream token can
 * stand in for the Authorization header (an `<audio>` element cannot send one): the
 * global check lets it through (`signedUrl`) and the route's own hook admits nobody
 * without a session, API token or valid stream token.
 */
export function streamingRoutes(app: Api, streaming: Streaming) {
  // A request property, not a WeakMap keyed by request: every range request would put a
  // young key into a long-lived table, which each young-generation GC has to walk.
  app.decorateRequest('streamListener', undefined);

  app.route({
    method: ['GET', 'HEAD'],
    url: '/api/v1/tracks/:id/stream',
    config: { signedUrl: true, tokenInQuery: true },
    schema: {
      tags: ['streaming'],
      summary: 'Play a track: the original with byte ranges, or a transcode (decided by tier, format and codecs)',
      description:
        'Needs a session, API token, or `token` from `stream-url`. Ranges (206/416), ETag, If-Range and If-None-Match apply to originals and cached transcodes; a live transcode streams whole.',
      params: IdParams,
      querystring: StreamQuery,
      response: { 200: Audio, 206: Audio, 304: Empty, 416: Empty, ...errors },
    },
    // Runs before validation, as the global authentication does, so strangers get 401 first.
    onRequest: async (request) => {
      const token = (request.query as Record<string, unknown>).token;
      const trackId = String((request.params as Record<string, unknown>).id ?? '');
      const principal = request.principal;
      if (typeof token === 'string' && token !== '') {
        const check = await streaming.verifyToken(token, trackId);
        if (!check.ok) throw unauthorized(TOKEN_REFUSED[check.reason], 'invalid_stream_token');
        if (principal && principal.user.id !== check.grant.userId) throw forbidden('This stream URL was made for another user', 'stream_token_mismatch');
        request.streamListener = { userId: check.grant.userId, tier: check.grant.tier };
        request.viewerId = check.grant.userId;
      } else if (principal) {
        request.streamListener = { userId: principal.user.id, tier: principal.user.tier };
      } else {
        const query = request.query as Record<string, unknown>;
        const sent = request.headers.authorization !== undefined || request.cookies?.[SESSION_COOKIE] !== undefined || typeof query.access_token === 'string';
        throw sent ? unauthorized('The session or token is invalid or has expired', 'invalid_token') : unauthorized();
      }
    },
    handler: async (request, reply) => {
      const { format, bitrate, offset, codecs, purpose } = request.query;
      // Not spread into a new object: that would read its `signal` getter, which makes an
      // AbortController and a close listener that only a live transcode needs.
      const http = streamRequest(request, reply, { format, bitrate, offset, codecs: codecs?.split(',') });
      if (purpose) http.purpose = purpose;
      const outcome = await streaming.stream(request.streamListener!, request.params.id, http);
      return sendOutcome(reply, outcome);
    },
  });

  app.get(
    '/api/v1/tracks/:id/stream-url',
    {
      schema: {
        tags: ['streaming'],
        summary: 'A short-lived signed URL that plays the track for you without an Authorization header',
        params: IdParams,
        querystring: StreamUrlQuery,
        response: { 200: StreamUrl, ...errors },
      },
    },
    async (request) => {
      const principal = request.principal!;
      const credential = credentialOf(principal);
      if (!credential) throw unauthorized();
      return streaming.streamUrl({ userId: principal.user.id, tier: principal.user.tier }, credential, request.params.id, request.query);
    },
  );

  app.get(
    '/api/v1/admin/streaming/status',
    {
      config: { admin: true },
      schema: { tags: ['admin'], summary: 'Transcodes running and queued, cache use', response: { 200: StreamingStatus, ...errors } },
    },
    async () => {
      const s = streaming.stats();
      return {
        transcoding: streaming.transcoding,
        ffmpeg_path: streaming.ffmpegPath,
        transcodes_started: s.spawned,
        transcodes_running: s.running,
        transcodes_queued: s.queued,
        cache_bytes: s.cache.bytes,
        cache_max_bytes: s.cache.maxBytes,
        cache_entries: s.cache.entries,
      };
    },
  );

  app.addHook('onClose', async () => streaming.close());
}
