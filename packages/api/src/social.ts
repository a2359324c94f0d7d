import Type, { type Static } from 'typebox';
import { CatalogObject, UserRef } from './catalog-refs.ts';
import { Id, Paging, PagingParams, Strict } from './common.ts';

/** What can be sent to someone's inbox: a track, album, artist or playlist. */
export const ShareUri = Type.String({ pattern: '^runnel:(track|album|artist|playlist):[A-Za-z0-9_-]{1,64}$', maxLength: 90 });

/** Send an item to people's inboxes, with an optional message. */
export const ShareBody = Strict({
  uri: ShareUri,
  to: Type.Array(Id, { minItems: 1, maxItems: 20, description: 'User ids of the recipients' }),
  message: Type.Optional(Type.String({ maxLength: 500 })),
});
export type ShareBody = Static<typeof ShareBody>;
export const ShareResult = Type.Object({ sent: Type.Integer() });

/** One thing someone sent you. `item` is null when it is gone, or no longer visible to you. */
export const InboxItem = Type.Object({
  id: Type.String(),
  from: UserRef,
  sent_at: Type.String({ format: 'date-time' }),
  read: Type.Boolean(),
  message: Type.Union([Type.String(), Type.Null()]),
  uri: Type.String(),
  item: Type.Union([CatalogObject, Type.Null()]),
});
export type InboxItem = Static<typeof InboxItem>;

/** The inbox, newest first, with how many items are unread (the sidebar's count). */
export const Inbox = Type.Object({ ...Paging(InboxItem).properties, unread: Type.Integer() });
export type Inbox = Static<typeof Inbox>;
export const InboxQuery = Strict(PagingParams(20, 50));
/** Marks these items read; without `ids`, every item. */
export const InboxReadBody = Strict({ ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 100 })) });
export type InboxReadBody = Static<typeof InboxReadBody>;

/** Someone you follow or who follows you, and what they are playing (people you follow only). */
export const Person = Type.Object({
  user: UserRef,
  you_follow: Type.Boolean(),
  follows_you: Type.Boolean(),
  /** The track their player reported in the last 15 minutes; null when none (or you do not follow them). */
  now_playing: Type.Union([Type.Object({ track: CatalogObject, at: Type.String({ format: 'date-time' }) }), Type.Null()]),
});
export type Person = Static<typeof Person>;
export const People = Type.Object({ following: Type.Array(Person), followers: Type.Array(Person) });
export type People = Static<typeof People>;

/** A user's public profile: name, followers, whether you follow them, their public playlists. */
export const Profile = Type.Object({
  ...UserRef.properties,
  display_name: Type.String(),
  followers: Type.Object({ total: Type.Integer() }),
  you_follow: Type.Boolean(),
  playlists: Type.Array(CatalogObject),
});
export type Profile = Static<typeof Profile>;

/** What someone you follow did: played, starred, saved an album, added to or made a public playlist. */
export const FeedItem = Type.Object({
  id: Type.String(),
  user: UserRef,
  kind: Type.Union([Type.Literal('played'), Type.Literal('starred'), Type.Literal('saved_album'), Type.Literal('added'), Type.Literal('created')]),
  at: Type.String({ format: 'date-time' }),
  /** The track, album or playlist. */
  item: CatalogObject,
  /** For `added`: the playlist. */
  target: Type.Union([CatalogObject, Type.Null()]),
  /** For `added`: how many tracks. */
  count: Type.Union([Type.Integer(), Type.Null()]),
});
export type FeedItem = Static<typeof FeedItem>;
export const Feed = Type.Object({ items: Type.Array(FeedItem) });
export type Feed = Static<typeof Feed>;
export const FeedQuery = Strict({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })) });

/** What you share with the people who follow you. */
export const SocialSettings = Type.Object({ share_listening: Type.Boolean({ description: 'Whether they see what you play (People, Feed)' }) });
export type SocialSettings = Static<typeof SocialSettings>;
export const SocialSettingsBody = Strict({ share_listening: Type.Boolean() });
