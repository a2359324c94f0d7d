import { ErrorBody, LastfmCallbackQuery, LastfmConnectStart, ListenBrainzConnectBody, ScrobblePatch, ScrobbleServiceParams, Scrobbling } from '@runnel/api';
import { AppError } from '../errors.ts';
import { me } from '../http/auth.ts';
import { ownOrigin } from '../http/origin.ts';
import type { Api } from '../http/typed.ts';
import type { ScrobblingService } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 409: ErrorBody, 424: ErrorBody };
const CALLBACK = '/api/v1/me/scrobbling/lastfm/callback';

/** Each listener's scrobbling: connect, pause, disconnect, and how sending goes. */
export function scrobblingRoutes(app: Api, scrobbling: ScrobblingService) {
  const tags = ['scrobbling'];

  app.get(
    '/api/v1/me/scrobbling',
    { schema: { tags, summary: 'Your scrobbling services: connected or not, plays waiting, last sent, failures', response: { 200: Scrobbling, ...errors } } },
    async (request) => scrobbling.status(me(request)),
  );

  app.put(
    '/api/v1/me/scrobbling/listenbrainz',
    {
      schema: {
        tags,
        summary: 'Connect ListenBrainz with your user token (checked with ListenBrainz)',
        body: ListenBrainzConnectBody,
        response: { 200: Scrobbling, ...errors },
      },
    },
    async (request) => scrobbling.connectListenBrainz(me(request), request.body.token),
  );

  app.post(
    '/api/v1/me/scrobbling/lastfm/connect',
    { schema: { tags, summary: 'Start connecting Last.fm: open the returned address to allow Runnel', response: { 200: LastfmConnectStart, ...errors } } },
    async (request) => {
      const origin = ownOrigin(request);
      if (!origin) throw new AppError('invalid_request', 400, 'This request does not say which address it reached the server at (Host)');
      return { url: await scrobbling.lastfmStart(me(request), origin + CALLBACK) };
    },
  );

  // Last.fm sends the browser back here (a top-level navigation, so the session cookie comes
  // along); the state proves it is the listener who started, and the answer is a page of the player.
  app.get(
    CALLBACK,
    { schema: { tags, summary: 'Where Last.fm sends you back after you allowed Runnel', querystring: LastfmCallbackQuery } },
    async (request, reply) => {
      try {
        await scrobbling.lastfmFinish(me(request), request.query.state, request.query.token);
        return reply.redirect('/settings?scrobbling=lastfm', 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return reply.redirect(`/settings?scrobbling=lastfm&error=${encodeURIComponent(error.code)}`, 303);
      }
    },
  );

  app.patch(
    '/api/v1/me/scrobbling/:service',
    {
      schema: {
        tags,
        summary: 'Pause or resume sending to a service',
        params: ScrobbleServiceParams,
        body: ScrobblePatch,
        response: { 200: Scrobbling, ...errors },
      },
    },
    async (request) => scrobbling.setEnabled(me(request), request.params.service, request.body.enabled),
  );

  app.delete(
    '/api/v1/me/scrobbling/:service',
    {
      schema: {
        tags,
        summary: 'Disconnect a service (the plays still waiting for it are dropped)',
        params: ScrobbleServiceParams,
        response: { 200: Scrobbling, ...errors },
      },
    },
    async (request) => scrobbling.disconnect(me(request), request.params.service),
  );
}
