import Type from 'typebox';
import { Ad, AdBreakAnswer, AdBreakParams, AdList, CreateAdBody, Empty, ErrorBody, IdParams, UpdateAdBody } from '@runnel/api';
import { AppError } from '../errors.ts';
import { me } from '../http/auth.ts';
import { typed, type Api } from '../http/typed.ts';
import type { Ads } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody, 415: ErrorBody, 503: ErrorBody };
const Bytes = Type.Unknown({ description: 'The file' });
/** Largest ad upload: two minutes of WAV is ~21 MB. */
const AUDIO_LIMIT = 32 * 1024 * 1024;
const BANNER_LIMIT = 8 * 1024 * 1024;

/**
 * HTTP routes of the ads module: administrators manage the ads (files are uploaded as the
 * raw request body, `audio/*` or `image/*`); listeners' players ask for a due break, say
 * when it was heard, and fetch its audio and banner.
 */
export function adsRoutes(app: Api, ads: Ads) {
  const admin = { config: { admin: true } };
  const tags = ['admin'];

  app.get(
    '/api/v1/admin/ads',
    { ...admin, schema: { tags, summary: 'Every house ad, with impressions and clicks', response: { 200: AdList, ...errors } } },
    async () => ({
      items: await ads.list(),
    }),
  );
  app.post(
    '/api/v1/admin/ads',
    { ...admin, schema: { tags, summary: 'Make a house ad (upload its audio and banner next)', body: CreateAdBody, response: { 200: Ad, ...errors } } },
    async (request) => ads.create(request.body),
  );
  app.patch(
    '/api/v1/admin/ads/:id',
    {
      ...admin,
      schema: { tags, summary: "Change an ad's title, link, dates or weight", params: IdParams, body: UpdateAdBody, response: { 200: Ad, ...errors } },
    },
    async (request) => ads.update(request.params.id, request.body),
  );
  app.delete(
    '/api/v1/admin/ads/:id',
    { ...admin, schema: { tags, summary: 'Delete an ad and its files', params: IdParams, response: { 204: Empty, ...errors } } },
    async (request, reply) => {
      await ads.remove(request.params.id);
      return reply.code(204).send(null);
    },
  );

  // Uploads: the file is the body. Only these routes parse audio and image bodies.
  app.register(async (plain) => {
    const scope = typed(plain);
    scope.addContentTypeParser(/^audio\/[\w.+-]+$|^application\/octet-stream$/, { parseAs: 'buffer', bodyLimit: AUDIO_LIMIT }, (_r, body, done) =>
      done(null, body),
    );
    scope.addContentTypeParser(/^image\/[\w.+-]+$/, { parseAs: 'buffer', bodyLimit: BANNER_LIMIT }, (_r, body, done) => done(null, body));
    const upload = (which: 'audio' | 'banner', summary: string) =>
      scope.put(
        `/api/v1/admin/ads/:id/${which}`,
        { ...admin, bodyLimit: which === 'audio' ? AUDIO_LIMIT : BANNER_LIMIT, schema: { tags, summary, params: IdParams, response: { 200: Ad, ...errors } } },
        async (request) => {
          const body = request.body;
          if (!Buffer.isBuffer(body) || body.length === 0)
            throw new AppError(which === 'audio' ? 'ad_audio_invalid' : 'ad_banner_invalid', 400, `Send the ${which} file as the request body`);
          return which === 'audio' ? ads.putAudio(request.params.id, body) : ads.putBanner(request.params.id, body);
        },
      );
    upload('audio', "Upload an ad's audio (any format ffmpeg reads, 3 s to 2 min): normalised to the music's loudness");
    upload('banner', "Upload an ad's banner (JPEG, PNG, GIF, WebP or AVIF): shrunk to the ad slot");
  });

  const file = (which: 'audio' | 'banner') =>
    app.get(
      `/api/v1/ads/:id/${which}`,
      {
        schema: {
          tags: ['ads'],
          summary: which === 'audio' ? "An ad's audio (FLAC, normalised)" : "An ad's banner image",
          params: IdParams,
          querystring: Type.Object({ v: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
          response: { 200: Bytes, ...errors },
        },
      },
      async (request, reply) => {
        const found = await ads.file(request.params.id, which);
        // The URL names the file version (`v`), so it may be kept.
        return reply.type(found.mime).header('content-length', String(found.size)).header('cache-control', 'private, max-age=86400').send(found.stream);
      },
    );
  file('audio');
  file('banner');

  app.post(
    '/api/v1/me/ad-breaks',
    {
      schema: {
        tags: ['ads'],
        summary: 'The ad break due now for you (Free plans with ads), or null; players ask between tracks',
        response: { 200: AdBreakAnswer, ...errors },
      },
    },
    async (request) => ({ break: await ads.webBreak(me(request), request.principal!.user.tier) }),
  );
  app.post(
    '/api/v1/me/ad-breaks/:id/played',
    { schema: { tags: ['ads'], summary: 'The break was heard to the end: it counts once', params: AdBreakParams, response: { 204: Empty, ...errors } } },
    async (request, reply) => {
      await ads.played(me(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/v1/me/ad-breaks/:id/click',
    { schema: { tags: ['ads'], summary: "The break's banner was clicked (counted once)", params: AdBreakParams, response: { 204: Empty, ...errors } } },
    async (request, reply) => {
      await ads.clicked(me(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
