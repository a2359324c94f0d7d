import Type, { type Static } from 'typebox';
import { Strict } from './common.ts';

/** The services plays can go out to: ListenBrainz (a user's token) and Last.fm (the operator's API key, each user's session). */
export const ScrobbleService = Type.Union([Type.Literal('listenbrainz'), Type.Literal('lastfm')]);
export type ScrobbleService = Static<typeof ScrobbleService>;

export const ScrobbleServiceParams = Strict({ service: ScrobbleService });

const When = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

/** One service for one listener: connected or not, and how sending goes. */
export const ScrobbleConnection = Type.Object({
  service: ScrobbleService,
  /** False when the operator has not set this service up (Last.fm needs an API key). */
  available: Type.Boolean(),
  connected: Type.Boolean(),
  /** The account's name on the service. */
  account: Type.Union([Type.String(), Type.Null()]),
  /** Paused: plays are not kept for this service meanwhile. */
  enabled: Type.Boolean(),
  /** Plays waiting to go out (kept while the service is down or you were offline). */
  pending: Type.Integer(),
  sent: Type.Integer(),
  last_sent_at: When,
  /** Why the last attempt failed; null once one succeeds. */
  last_error: Type.Union([Type.String(), Type.Null()]),
  last_error_at: When,
  /** Attempts failed in a row; the next waits longer each time. */
  failures: Type.Integer(),
  /** The service refused the token or session: connect again (the pending plays are kept). */
  needs_reconnect: Type.Boolean(),
});
export type ScrobbleConnection = Static<typeof ScrobbleConnection>;

export const Scrobbling = Type.Object({ services: Type.Array(ScrobbleConnection) });
export type Scrobbling = Static<typeof Scrobbling>;

/** Connect ListenBrainz with the user token from listenbrainz.org/settings. */
export const ListenBrainzConnectBody = Strict({ token: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9-]+$' }) });
export type ListenBrainzConnectBody = Static<typeof ListenBrainzConnectBody>;

/** Pause or resume sending to a service. */
export const ScrobblePatch = Strict({ enabled: Type.Boolean() });
export type ScrobblePatch = Static<typeof ScrobblePatch>;

/** Where to send the browser to allow Runnel on Last.fm; it comes back to the callback. */
export const LastfmConnectStart = Type.Object({ url: Type.String() });
export type LastfmConnectStart = Static<typeof LastfmConnectStart>;

export const LastfmCallbackQuery = Strict({
  state: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  token: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
});
