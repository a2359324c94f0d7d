import { CardLearning, CardList, CardParams, CardPlay, DeviceParams, Empty, ErrorBody, LearnCardBody } from '@runnel/api';
import type { Api } from '../http/typed.ts';
import { me } from '../http/auth.ts';
import type { Cards } from './cards.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['devices'];

/** A device's cards (cards.ts): the web player lists, learns and forgets them; the box reads them. */
export function cardsRoutes(app: Api, cards: Cards) {
  app.get(
    '/api/v1/me/player/devices/:id/cards',
    { schema: { tags, summary: "The device's cards and what each plays", params: DeviceParams, response: { 200: CardList, ...errors } } },
    async (request) => cards.list(me(request), request.params.id),
  );

  app.post(
    '/api/v1/me/player/devices/:id/cards/learn',
    {
      schema: {
        tags,
        summary: 'Tap a card now: the next card the device reads (within a minute) plays this album, playlist or artist',
        params: DeviceParams,
        body: LearnCardBody,
        response: { 200: CardLearning, ...errors },
      },
    },
    async (request) => cards.learn(me(request), request.params.id, request.body.uri),
  );

  app.delete(
    '/api/v1/me/player/devices/:id/cards/learn',
    { schema: { tags, summary: 'Stop waiting for a card to learn', params: DeviceParams, response: { 204: Empty, ...errors } } },
    async (request, reply) => {
      await cards.cancelLearn(me(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/me/player/devices/:id/cards/:code',
    { schema: { tags, summary: "What a card plays now (the context's tracks)", params: CardParams, response: { 200: CardPlay, ...errors } } },
    async (request) => cards.get(me(request), request.params.id, request.params.code),
  );

  app.post(
    '/api/v1/me/player/devices/:id/cards/:code/read',
    {
      schema: {
        tags,
        summary: 'The device read a card: assigns it when a learn is pending, then what it plays (404 card_not_found)',
        params: CardParams,
        response: { 200: CardPlay, ...errors },
      },
    },
    async (request) => cards.read(me(request), request.params.id, request.params.code),
  );

  app.delete(
    '/api/v1/me/player/devices/:id/cards/:code',
    { schema: { tags, summary: 'Forget a card', params: CardParams, response: { 204: Empty, ...errors } } },
    async (request, reply) => {
      await cards.remove(me(request), request.params.id, request.params.code);
      return reply.code(204).send(null);
    },
  );
}
