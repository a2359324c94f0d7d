import {
  Empty,
  ErrorBody,
  Feed,
  FeedQuery,
  IdParams,
  Inbox,
  InboxQuery,
  InboxReadBody,
  People,
  Profile,
  ShareBody,
  ShareResult,
  SocialSettings,
  SocialSettingsBody,
} from '@runnel/api';
import type { Social } from './service.ts';
import type { Api } from '../http/typed.ts';
import { me } from '../http/auth.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** People (follows, profiles, who is playing what), and sending them things (shares) into their inbox. */
export function socialRoutes(app: Api, social: Social) {
  const tags = ['social'];

  app.post(
    '/api/v1/me/shares',
    {
      schema: {
        tags,
        summary: "Send a track, album, artist or playlist to people's inboxes, with a message",
        body: ShareBody,
        response: { 201: ShareResult, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await social.send(me(request), request.body)),
  );

  app.get(
    '/api/v1/me/inbox',
    {
      schema: { tags, summary: 'What people sent you, newest first, and how much is unread', querystring: InboxQuery, response: { 200: Inbox, ...errors } },
    },
    async (request) => social.inbox(me(request), request.query.limit ?? 20, request.query.offset ?? 0),
  );

  app.put(
    '/api/v1/me/inbox/read',
    {
      schema: { tags, summary: 'Mark inbox items read (all of them without ids)', body: InboxReadBody, response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await social.markRead(me(request), request.body?.ids);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/v1/me/inbox/:id',
    {
      schema: { tags, summary: 'Delete an inbox item', params: IdParams, response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await social.remove(me(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/me/people',
    {
      schema: { tags, summary: 'Who you follow (and what they are playing) and who follows you', response: { 200: People, ...errors } },
    },
    async (request) => social.people(me(request)),
  );

  app.get(
    '/api/v1/users/:id',
    {
      schema: { tags, summary: "Someone's profile: name, followers, their public playlists", params: IdParams, response: { 200: Profile, ...errors } },
    },
    async (request) => social.profile(me(request), request.params.id),
  );

  app.put(
    '/api/v1/users/:id/followers',
    {
      schema: { tags, summary: 'Follow someone', params: IdParams, response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await social.follow(me(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/v1/users/:id/followers',
    {
      schema: { tags, summary: 'Stop following someone', params: IdParams, response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await social.unfollow(me(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/me/feed',
    {
      schema: {
        tags,
        summary: 'What the people you follow played, starred, saved, and added to or made as public playlists',
        querystring: FeedQuery,
        response: { 200: Feed, ...errors },
      },
    },
    async (request) => social.feed(me(request), request.query.limit ?? 50),
  );

  app.get(
    '/api/v1/me/social-settings',
    {
      schema: { tags, summary: 'What you share with the people who follow you', response: { 200: SocialSettings, ...errors } },
    },
    async (request) => social.settings(me(request)),
  );

  app.put(
    '/api/v1/me/social-settings',
    {
      schema: {
        tags,
        summary: 'Choose whether the people who follow you see what you play',
        body: SocialSettingsBody,
        response: { 200: SocialSettings, ...errors },
      },
    },
    async (request) => social.setSettings(me(request), request.body),
  );
}
