import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import {
  Empty,
  ErrorBody,
  ImageQuery,
  ShareLink,
  ShareLinkBody,
  ShareLinkParams,
  ShareLinkPatch,
  ShareLinks as ShareLinkList,
  SharedItem,
  SharedTrackParams,
  StreamUrlQuery,
} from '@runnel/api';
import { AppError } from '../errors.ts';
import { me } from '../http/auth.ts';
import { ownOrigin } from '../http/origin.ts';
import type { Api } from '../http/typed.ts';
import { sendOutcome, streamRequest } from '../streaming/reply.ts';
import { sharePage, sharePageError } from './page.ts';
import { bestLanguage } from '../language/negotiate.ts';
import type { ShareLinks } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 410: ErrorBody };
const Bytes = Type.Unknown({ description: 'Audio or image bytes' });

/** This server as the client reached it (http/origin.ts; a Host header that is no origin gives relative links). */
export const originOf = (request: FastifyRequest) => ownOrigin(request) ?? '';

/**
 * Public links. Making, listing, changing and revoking them needs a session like every
 * route; the page (`/s/:id`), what it shows, its cover and its audio are public, each
 * checking the link (expired or revoked: 410) and serving only what it shares.
 */
export function shareLinksRoutes(app: Api, links: ShareLinks) {
  const tags = ['share links'];

  app.post(
    '/api/v1/me/share-links',
    { schema: { tags, summary: 'Make a public link to a track, album or playlist', body: ShareLinkBody, response: { 201: ShareLink, ...errors } } },
    async (request, reply) => reply.code(201).send(await links.create(me(request), request.body, originOf(request))),
  );

  app.get(
    '/api/v1/me/share-links',
    { schema: { tags, summary: 'Your public links, newest first', response: { 200: ShareLinkList, ...errors } } },
    async (request) => ({
      items: await links.list(me(request), originOf(request)),
    }),
  );

  app.patch(
    '/api/v1/me/share-links/:id',
    {
      schema: {
        tags,
        summary: "Change a link's description or expiry",
        params: ShareLinkParams,
        body: ShareLinkPatch,
        response: { 200: ShareLink, ...errors },
      },
    },
    async (request) => links.update(me(request), request.params.id, request.body, originOf(request)),
  );

  app.delete(
    '/api/v1/me/share-links/:id',
    { schema: { tags, summary: 'Turn a link off: whoever opens it is told so', params: ShareLinkParams, response: { 204: Empty, ...errors } } },
    async (request, reply) => {
      await links.revoke(me(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/share-links/:id',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'What a public link shares (no account needed; counts a view)',
        params: ShareLinkParams,
        response: { 200: SharedItem, ...errors },
      },
    },
    async (request) => links.view(request.params.id),
  );

  app.get(
    '/api/v1/share-links/:id/cover',
    {
      config: { public: true },
      schema: { tags, summary: "The shared item's cover", params: ShareLinkParams, querystring: ImageQuery, response: { 200: Bytes, ...errors } },
    },
    async (request, reply) => {
      const image = await links.cover(request.params.id, request.query.size);
      reply.header('cache-control', 'public, max-age=300');
      reply.type(image.mime);
      return reply.send(image.stream);
    },
  );

  app.route({
    method: ['GET', 'HEAD'],
    url: '/api/v1/share-links/:id/tracks/:trackId/stream',
    config: { public: true },
    schema: {
      tags,
      summary: 'Play a shared track (no account needed)',
      params: SharedTrackParams,
      querystring: StreamUrlQuery,
      response: { 200: Bytes, 206: Bytes, 304: Empty, 416: Empty, ...errors },
    },
    handler: async (request, reply) => {
      const { format, bitrate, offset, codecs } = request.query;
      const outcome = await links.stream(
        request.params.id,
        request.params.trackId,
        streamRequest(request, reply, { format, bitrate, offset, codecs: codecs?.split(',') }),
      );
      return sendOutcome(reply, outcome);
    },
  });

  // The page people open from a chat or a post: HTML with the preview tags, playing in any browser.
  app.get('/s/:id', { config: { public: true }, schema: { hide: true, params: ShareLinkParams } }, async (request, reply) => {
    // In the visitor's language, as their browser asks for it (they have no account to choose one).
    const language = bestLanguage(request.headers['accept-language']);
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('vary', 'accept-language');
    try {
      // A HEAD (a link checker, a chat's first probe) is not a view.
      return sharePage(await links.view(request.params.id, { count: request.method === 'GET' }), originOf(request), language);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      reply.code(error.status);
      return sharePageError(error.code, language);
    }
  });
}
