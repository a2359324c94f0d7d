import Type, { type Static } from 'typebox';
import { Id, Strict } from './common.ts';

/** What can be shared by a public link: a track, an album or a playlist. */
export const ShareLinkUri = Type.String({ pattern: '^runnel:(track|album|playlist):[A-Za-z0-9_-]{1,64}$', maxLength: 90 });

const When = Type.String({ format: 'date-time' });
const Description = Type.String({ maxLength: 500 });

/** Make a public link to a track, album or playlist; it never expires unless `expires_at` says when. */
export const ShareLinkBody = Strict({
  uri: ShareLinkUri,
  description: Type.Optional(Description),
  expires_at: Type.Optional(Type.Union([When, Type.Null()])),
});
export type ShareLinkBody = Static<typeof ShareLinkBody>;

/** Change a link's description or expiry (null: none). */
export const ShareLinkPatch = Strict({
  description: Type.Optional(Type.Union([Description, Type.Null()])),
  expires_at: Type.Optional(Type.Union([When, Type.Null()])),
});
export type ShareLinkPatch = Static<typeof ShareLinkPatch>;

/**
 * One of your public links. `kind` `tracks` is a set of songs shared from a Subsonic app.
 * What the link plays is fixed when it is made: a playlist's later additions are not shared.
 */
export const ShareLink = Type.Object({
  id: Type.String(),
  /** The page anyone can open, on this server. */
  url: Type.String(),
  kind: Type.Union([Type.Literal('track'), Type.Literal('album'), Type.Literal('playlist'), Type.Literal('tracks')]),
  uri: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  track_count: Type.Integer(),
  created_at: When,
  expires_at: Type.Union([When, Type.Null()]),
  expired: Type.Boolean(),
  views: Type.Integer(),
  last_viewed_at: Type.Union([When, Type.Null()]),
});
export type ShareLink = Static<typeof ShareLink>;

export const ShareLinks = Type.Object({ items: Type.Array(ShareLink) });
export type ShareLinks = Static<typeof ShareLinks>;

/** A track on a shared page, with the address that plays it for anyone holding the link. */
export const SharedTrack = Type.Object({
  id: Type.String(),
  name: Type.String(),
  artists: Type.Array(Type.String()),
  album: Type.String(),
  duration_ms: Type.Integer(),
  stream_url: Type.String(),
});
export type SharedTrack = Static<typeof SharedTrack>;

/** What a public link shows to anyone: no account, nothing beyond what was shared. */
export const SharedItem = Type.Object({
  id: Type.String(),
  kind: ShareLink.properties.kind,
  title: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  /** The display name of who shared it. */
  shared_by: Type.String(),
  cover_url: Type.Union([Type.String(), Type.Null()]),
  /** Each track plays only its first this many seconds (the server's choice, `--share-playback preview`); null: in full. */
  preview_seconds: Type.Union([Type.Integer(), Type.Null()]),
  tracks: Type.Array(SharedTrack),
});
export type SharedItem = Static<typeof SharedItem>;

export const ShareLinkParams = Strict({ id: Id });
export const SharedTrackParams = Strict({ id: Id, trackId: Id });
