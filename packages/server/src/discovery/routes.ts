import { Empty, ErrorBody, RadioQuery, RadioStation, RadioVoteBody, TopList, TopParams, TopQuery, type TimeRange, type TopType } from '@runnel/api';
import type { Radio } from './radio.ts';
import type { Api } from '../http/typed.ts';
import type { Discovery, TopKind } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };
const KIND: Record<TopType, TopKind> = { tracks: 'track', albums: 'album', artists: 'artist' };
type Top = { Params: { type: TopType }; Querystring: { time_range?: TimeRange; limit?: number; offset?: number } };

/** Top lists: yours (`/me/top`, as Spotify's) and everyone's (`/browse/top`). */
export function discoveryRoutes(app: Api, discovery: Discovery, radio: Radio) {
  const tags = ['discovery'];
  const list = (userId: string | null, request: { params: Top['Params']; query: Top['Querystring'] }) =>
    discovery.top(KIND[request.params.type], request.query.time_range ?? 'month', userId, request.query.limit ?? 20, request.query.offset ?? 0);

  app.get(
    '/api/v1/me/top/:type',
    {
      schema: {
        tags,
        summary: 'What you played most: tracks, albums or artists, this week, month or all time',
        params: TopParams,
        querystring: TopQuery,
        response: { 200: TopList, ...errors },
      },
    },
    async (request) => list(request.principal!.user.id, request),
  );

  app.get(
    '/api/v1/browse/top/:type',
    {
      schema: { tags, summary: 'What everyone on this server played most', params: TopParams, querystring: TopQuery, response: { 200: TopList, ...errors } },
    },
    async (request) => list(null, request),
  );

  app.get(
    '/api/v1/radio',
    {
      schema: {
        tags,
        summary: "A radio station's next tracks, from a track, album, artist, playlist or genre seed",
        querystring: RadioQuery,
        response: { 200: RadioStation, ...errors },
      },
    },
    async (request) => radio.station(request.principal!.user.id, request.query.seed, request.query.limit ?? 20, request.query.exclude?.split(',') ?? []),
  );

  app.put(
    '/api/v1/me/radio/votes',
    {
      schema: {
        tags,
        summary: 'Thumbs up or down on a track (none takes it back): it steers your radio',
        body: RadioVoteBody,
        response: { 204: Empty, ...errors },
      },
    },
    async (request, reply) => {
      await radio.vote(request.principal!.user.id, request.body.track_id, request.body.vote);
      return reply.code(204).send(null);
    },
  );
}
