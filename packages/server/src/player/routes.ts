import {
  AddToQueueQuery,
  ErrorBody,
  NowPlayingBody,
  PlayQueue,
  PlayedBody,
  QueueItemParams,
  RecentlyPlayed,
  RecentlyPlayedQuery,
  ReorderQueueBody,
  RepeatQuery,
  SetContextBody,
  ShuffleQuery,
  Empty,
} from '@runnel/api';
import type { Player } from './service.ts';
import type { Api } from '../http/typed.ts';
import { me } from '../http/auth.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** HTTP routes of the player module: the play queue and recently played, all under /me. */
export function playerRoutes(app: Api, player: Player) {
  const tags = ['player'];

  app.get(
    '/api/v1/me/player/queue',
    {
      schema: { tags, summary: 'Your play queue', response: { 200: PlayQueue, ...errors } },
    },
    async (request) => player.queue(me(request)),
  );

  app.put(
    '/api/v1/me/player/context',
    {
      schema: { tags, summary: 'Play a context (album, playlist, artist) from a position', body: SetContextBody, response: { 200: PlayQueue, ...errors } },
    },
    async (request) => player.setContext(me(request), request.body),
  );

  app.post(
    '/api/v1/me/player/queue',
    {
      schema: { tags, summary: 'Add an item to the end of "next up"', querystring: AddToQueueQuery, response: { 200: PlayQueue, ...errors } },
    },
    async (request) => player.add(me(request), request.query.uri),
  );

  app.put(
    '/api/v1/me/player/queue',
    {
      schema: { tags, summary: 'Move a range of "next up" items', body: ReorderQueueBody, response: { 200: PlayQueue, ...errors } },
    },
    async (request) => player.reorder(me(request), request.body.range_start, request.body.insert_before, request.body.range_length ?? 1),
  );

  app.delete(
    '/api/v1/me/player/queue/items/:id',
    {
      schema: { tags, summary: 'Remove a "next up" item', params: QueueItemParams, response: { 200: PlayQueue, ...errors } },
    },
    async (request) => player.remove(me(request), request.params.id),
  );

  app.put(
    '/api/v1/me/player/shuffle',
    {
      schema: { tags, summary: 'Shuffle on or off', querystring: ShuffleQuery, response: { 200: PlayQueue, ...errors } },
    },
    async (request) => player.setShuffle(me(request), request.query.state),
  );

  app.put(
    '/api/v1/me/player/repeat',
    {
      schema: { tags, summary: 'Repeat off, track or context', querystring: RepeatQuery, response: { 200: PlayQueue, ...errors } },
    },
    async (request) => player.setRepeat(me(request), request.query.state),
  );

  app.get(
    '/api/v1/me/player/recently-played',
    {
      schema: { tags, summary: 'What you played, newest first', querystring: RecentlyPlayedQuery, response: { 200: RecentlyPlayed, ...errors } },
    },
    async (request) => player.recentlyPlayed(me(request), request.query.limit ?? 20),
  );

  app.put(
    '/api/v1/me/player/now-playing',
    {
      schema: {
        tags,
        summary: 'Say which track this web player just started (the people who follow you see it for 15 minutes)',
        body: NowPlayingBody,
        response: { 204: Empty, ...errors },
      },
    },
    async (request, reply) => {
      await player.playingNow(me(request), 'web', request.body.uri);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/player/recently-played',
    {
      schema: { tags, summary: 'Report a play (it becomes "currently playing")', body: PlayedBody, response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await player.played(me(request), request.body);
      return reply.code(204).send(null);
    },
  );
}
