import type { FastifyInstance } from 'fastify';
import { ErrorBody, TopList, TopParams, TopQuery, type TimeRange, type TopType } from '@runnel/api';
import type { Discovery, TopKind } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody };
const KIND: Record<TopType, TopKind> = { tracks: 'track', albums: 'album', artists: 'artist' };
type Top = { Params: { type: TopType }; Querystring: { time_range?: TimeRange; limit?: number; offset?: number } };

/** Top lists: yours (`/me/top`, as Spotify's) and everyone's (`/browse/top`). */
export function discoveryRoutes(app: FastifyInstance, discovery: Discovery) {
  const tags = ['discovery'];
  const list = (userId: string | null, request: { params: Top['Params']; query: Top['Querystring'] }) =>
    discovery.top(KIND[request.params.type], request.query.time_range ?? 'month', userId, request.query.limit ?? 20, request.query.offset ?? 0);

  app.get<Top>('/api/v1/me/top/:type', {
    schema: { tags, summary: 'What you played most: tracks, albums or artists, this week, month or all time', params: TopParams, querystring: TopQuery, response: { 200: TopList, ...errors } },
  }, async (request) => list(request.principal!.user.id, request));

  app.get<Top>('/api/v1/browse/top/:type', {
    schema: { tags, summary: 'What everyone on this server played most', params: TopParams, querystring: TopQuery, response: { 200: TopList, ...errors } },
  }, async (request) => list(null, request));
}
