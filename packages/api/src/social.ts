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
